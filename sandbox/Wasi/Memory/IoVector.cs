namespace Plover.Sandbox.Wasi.Memory;

/// <summary>One <c>iovec</c>/<c>ciovec</c>: a guest buffer address and its length.</summary>
internal readonly record struct IoVector(uint Address, uint Length);
