using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Wasi;

/// <summary>
/// What the embedder gives a library OS: the guest's arguments and environment, its stdio
/// streams, the virtual network's sink (fd 3), host directories to preopen, and the time and
/// randomness mode. None of this is guest state; it must be the same when state is restored.
/// </summary>
public sealed record WasiConfiguration
{
    public const int DefaultDescriptorsMax = 1024;

    /// <summary>argv, program name first.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = ["guest"];

    /// <summary>Environment variables in the order the guest sees them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>
    /// fd 0; null reads as end-of-file. A read waits on this stream in the calling thread (the
    /// host's stdin for a plain command), so a replicated guest gets null or a finished stream.
    /// </summary>
    public Stream? Stdin { get; init; }

    /// <summary>fd 1; null discards.</summary>
    public Stream? Stdout { get; init; }

    /// <summary>fd 2; null discards.</summary>
    public Stream? Stderr { get; init; }

    /// <summary>When set, fd 3 is a preopened listening socket whose outputs go here.</summary>
    public IWasiNetworkSink? Network { get; init; }

    public WasiNetworkLimits NetworkLimits { get; init; } = new();

    /// <summary>Host directories the guest may reach, numbered after the socket. A replicated guest has none.</summary>
    public IReadOnlyList<WasiPreopenDirectory> PreopenedDirectories { get; init; } = [];

    public WasiNondeterminism Nondeterminism { get; init; } = WasiNondeterminism.Passthrough();

    /// <summary>The most descriptors open at once (stdio, socket and preopens included).</summary>
    public int DescriptorsMax { get; init; } = DefaultDescriptorsMax;

    internal void Validate()
    {
        if (Arguments.Count == 0) throw new ArgumentException("a WASI program needs at least its name as argument 0");
        foreach (string argument in Arguments)
            if (argument.Contains('\0')) throw new ArgumentException($"argument \"{argument.Replace("\0", "\\0")}\" contains a NUL byte");
        foreach ((string key, string value) in Environment)
        {
            if (key.Length == 0 || key.Contains('=') || key.Contains('\0'))
                throw new ArgumentException($"environment variable name \"{key}\" is empty or contains '=' or NUL");
            if (value.Contains('\0')) throw new ArgumentException($"environment variable {key} has a NUL byte in its value");
        }
        int fixedDescriptors = 3 + (Network is null ? 0 : 1) + PreopenedDirectories.Count;
        if (DescriptorsMax < fixedDescriptors)
            throw new ArgumentException($"DescriptorsMax {DescriptorsMax} is below the {fixedDescriptors} descriptors open at start");
        NetworkLimits.Validate();
    }
}

/// <summary>A host directory exposed to the guest under <paramref name="GuestPath"/> (its prestat name).</summary>
public sealed record WasiPreopenDirectory(string HostPath, string GuestPath);
