namespace Plover.Faults;

/// <summary>The config's <c>limits</c> for the guest: memory in 64 KiB wasm pages, and fuel per run (null: unmetered).</summary>
public sealed record GuestLimitSettings(uint MemoryPagesMax, long? FuelPerRun);
