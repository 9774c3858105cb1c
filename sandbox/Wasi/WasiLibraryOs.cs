using System.Text;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Wasi;

/// <summary>
/// The WASI preview1 library OS of one guest. Each <c>wasi_snapshot_preview1</c> function is a
/// public method taking the guest memory and the wasm-level arguments and returning the errno
/// (or a <see cref="WasiCallResult"/> when it can block); <see cref="WasiFunctionTable"/> lists
/// them with their wasm signatures for the binder. Not thread-safe: one guest, one thread.
/// </summary>
public sealed partial class WasiLibraryOs : IDisposable
{
    private readonly WasiConfiguration _configuration;
    private readonly DescriptorTable _descriptors;
    private readonly NondeterminismSource _time;
    private readonly VirtualNetwork? _network;
    private readonly HostFd[] _preopens;
    private readonly byte[][] _arguments;
    private readonly byte[][] _environment;
    private WasiBlockedCall? _blocked;
    private bool _disposed;

    public WasiLibraryOs(WasiConfiguration configuration)
    {
        configuration.Validate();
        _configuration = configuration;
        _descriptors = new DescriptorTable(configuration.DescriptorsMax);
        _time = configuration.Nondeterminism.CreateSource();
        _arguments = configuration.Arguments.Select(NulTerminated).ToArray();
        _environment = configuration.Environment.Select(pair => NulTerminated($"{pair.Key}={pair.Value}")).ToArray();
        if (configuration.Network is not null) _network = new VirtualNetwork(configuration.Network, configuration.NetworkLimits);
        _preopens = OpenPreopens(configuration.PreopenedDirectories);
        InstallInitialDescriptors();
    }

    /// <summary>The virtual network behind fd 3, which the embedder feeds.</summary>
    public VirtualNetwork Network =>
        _network ?? throw new InvalidOperationException("this library OS has no listening socket: configure WasiConfiguration.Network");

    public bool HasNetwork => _network is not null;

    /// <summary>Whether any host directory is reachable at all; never for a replicated guest.</summary>
    public bool HasHostFileAccess => _preopens.Length > 0;

    /// <summary>The call that last would have blocked, until a call completes.</summary>
    public WasiBlockedCall? BlockedCall => _blocked;

    /// <summary>Deterministic mode: the time and seed of the input event about to be executed.</summary>
    public void SetEventContext(long timestampNs, ulong seed) => _time.SetEventContext(timestampNs, seed);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach ((int _, Descriptor descriptor) in _descriptors.InOrder())
            if (descriptor is FileDescriptor or DirectoryDescriptor { PreopenIndex: null }) descriptor.Close();
        foreach (HostFd preopen in _preopens) preopen.Dispose();
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static HostFd[] OpenPreopens(IReadOnlyList<WasiPreopenDirectory> directories)
    {
        if (directories.Count == 0) return [];
        LinuxConstants.RequireSupportedHost();
        var handles = new List<HostFd>();
        foreach (WasiPreopenDirectory directory in directories)
        {
            int flags = LinuxConstants.ReadOnly | LinuxConstants.Directory;
            if (HostFileSystem.Open(LinuxConstants.AtFdCwd, directory.HostPath, flags, out HostFd? fd) is var error and not Abi.WasiErrno.Success)
            {
                foreach (HostFd opened in handles) opened.Dispose();
                throw new DirectoryNotFoundException($"cannot preopen host directory {directory.HostPath} for the guest: {error}");
            }
            handles.Add(fd!);
        }
        return handles.ToArray();
    }

    private void InstallInitialDescriptors()
    {
        Stream?[] streams = [_configuration.Stdin, _configuration.Stdout, _configuration.Stderr];
        for (int i = 0; i < 3; i++)
        {
            var which = (StdioStream)i;
            _descriptors.Place(i, new StdioDescriptor(which, streams[i], StdioDescriptor.DefaultRights(which), Abi.WasiFdFlags.None));
        }
        if (_network is not null)
            _descriptors.Allocate(new ListenerDescriptor(_network, DescriptorRights.Listener, DescriptorRights.Connection, Abi.WasiFdFlags.None));
        for (int i = 0; i < _preopens.Length; i++)
            _descriptors.Allocate(NewPreopenDescriptor(i));
    }

    private DirectoryDescriptor NewPreopenDescriptor(int index) =>
        new(_preopens[index], index, DescriptorRights.Directory, DescriptorRights.DirectoryInheriting, Abi.WasiFdFlags.None);
}
