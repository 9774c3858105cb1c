using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Guest;

// State: capture, restore into a fresh machine, and patching part by part from another replica.
public sealed partial class GuestMachine
{
    private const int PagesPerWasmPage = Memory.WasmPageBytes / Memory.DirtyPageBytes;

    /// <summary>The whole state of the blocked guest (non-zero pages, globals, tables, library OS state).</summary>
    public GuestState CaptureState()
    {
        Blocked(nameof(CaptureState));
        var pages = new List<GuestPage>();
        for (int i = 0; i < PageCount; i++)
        {
            ReadOnlySpan<byte> page = _memory.ReadPage(i);
            if (page.IndexOfAnyExcept((byte)0) >= 0) pages.Add(new GuestPage(i, page.ToArray()));
        }
        return new GuestState(_moduleInfo.Fingerprint, _memory.Pages, pages, CaptureGlobals(), CaptureTables(), _os.CaptureState());
    }

    /// <summary>
    /// A new machine of <paramref name="module"/> in <paramref name="state"/>, blocked where the
    /// captured guest was; <paramref name="options"/> must be those the state was captured under
    /// (same network, time mode and Asyncify buffer size). Throws <see cref="GuestStateException"/>
    /// for state that does not fit the module.
    /// </summary>
    public static GuestMachine Restore(Module module, GuestMachineOptions options, GuestState state)
    {
        var machine = new GuestMachine(module, options);
        try
        {
            machine.RestoreFrom(state);
            return machine;
        }
        catch
        {
            machine.Dispose();
            throw;
        }
    }

    /// <summary>Every global, exported or not, as raw bits (at rest).</summary>
    public IReadOnlyList<GuestGlobal> CaptureGlobals()
    {
        AtRest(nameof(CaptureGlobals));
        var globals = new GuestGlobal[_instance.Globals.Count];
        for (int i = 0; i < globals.Length; i++)
        {
            Global global = _instance.Globals[i];
            ValueKind kind = global.Type.ValueKind;
            ulong bits = kind switch
            {
                ValueKind.FuncRef => FunctionIndexOf(global.Reference, $"global {i}") is int index and >= 0 ? (ulong)index : GuestGlobal.NullReference,
                ValueKind.ExternRef or ValueKind.V128 => throw new GuestStateException($"global {i} is a {kind.Name()}, which a guest state cannot hold"),
                _ => (ulong)global.Bits,
            };
            globals[i] = new GuestGlobal(kind, global.Type.Mutable, bits);
        }
        return globals;
    }

    /// <summary>Every table's elements as function indices of this module, -1 for null (at rest).</summary>
    public IReadOnlyList<GuestTable> CaptureTables()
    {
        AtRest(nameof(CaptureTables));
        var tables = new GuestTable[_instance.Tables.Count];
        for (int t = 0; t < tables.Length; t++)
        {
            Table table = _instance.Tables[t];
            if (table.Type.ElementType != ValueKind.FuncRef) throw new GuestStateException($"table {t} holds externrefs, which a guest state cannot hold");
            var elements = new int[table.Size];
            for (int e = 0; e < elements.Length; e++) elements[e] = FunctionIndexOf(table.Elements[e], $"table {t} element {e}");
            tables[t] = new GuestTable(ValueKind.FuncRef, elements);
        }
        return tables;
    }

    /// <summary>The library OS state bytes (at rest).</summary>
    public byte[] CaptureLibraryOsState()
    {
        AtRest(nameof(CaptureLibraryOsState));
        return _os.CaptureState();
    }

    /// <summary>
    /// Grows memory to <paramref name="wasmPages"/> (another replica's size). Memory cannot
    /// shrink: a replica with more memory than the source needs the whole state restored instead.
    /// </summary>
    public void ApplyMemorySize(uint wasmPages)
    {
        Blocked(nameof(ApplyMemorySize));
        GrowTo(wasmPages);
    }

    /// <summary>Overwrites the given 4 KiB pages (from another replica); they count as dirty.</summary>
    public void ApplyPages(IEnumerable<GuestPage> pages)
    {
        Blocked(nameof(ApplyPages));
        foreach (GuestPage page in pages)
        {
            if ((uint)page.Index >= (uint)PageCount)
                throw new GuestStateException($"page {page.Index} lies past memory's {PageCount} pages: apply the memory size first");
            _memory.WritePage(page.Index, page.Bytes);
        }
    }

    /// <summary>
    /// Sets every mutable global from another replica's values; immutable ones must already agree.
    /// Where Asyncify's data global points is checked when the guest next resumes, so memory may be
    /// patched before or after the globals.
    /// </summary>
    public void ApplyGlobals(IReadOnlyList<GuestGlobal> globals)
    {
        Blocked(nameof(ApplyGlobals));
        SetGlobals(globals);
    }

    /// <summary>Sets every table's elements from another replica's (a table may grow to match, never shrink).</summary>
    public void ApplyTables(IReadOnlyList<GuestTable> tables)
    {
        Blocked(nameof(ApplyTables));
        SetTables(tables);
    }

    /// <summary>Replaces the library OS state with another replica's (same configuration).</summary>
    public void ApplyLibraryOsState(byte[] state)
    {
        Blocked(nameof(ApplyLibraryOsState));
        ReplaceLibraryOs(state);
    }

    private void RestoreFrom(GuestState state)
    {
        GuestInvariant.Require(Phase == GuestMachinePhase.NotStarted, "state is restored into a fresh machine");
        if (state.ModuleFingerprint != _moduleInfo.Fingerprint)
            throw new GuestStateException($"the state belongs to module {state.ModuleFingerprint:x16}, not to this one ({_moduleInfo.Fingerprint:x16})");
        if (_asyncify is null) throw new GuestStateException("the module is not prepared with Asyncify, so it never blocks and has no state to restore");
        GrowTo(state.MemoryPages);
        if ((ulong)PageCount != (ulong)state.MemoryPages * PagesPerWasmPage)
            throw new GuestStateException($"the state has {state.MemoryPages} pages of memory but a fresh instance of the module already has {_memory.Pages}");
        WriteAllPages(state.Pages);
        SetGlobals(state.Globals);
        SetTables(state.Tables);
        ReplaceLibraryOs(state.LibraryOs);
        if (AsyncifyState != AsyncifyLayout.Normal)
            throw new GuestStateException($"the state's Asyncify state is {AsyncifyState}: it was not captured from a blocked guest");
        if (_os.BlockedCall is null) throw new GuestStateException("the state's library OS records no blocked call: it was not captured from a blocked guest");
        AdoptAsyncifyBuffer();
        Phase = GuestMachinePhase.Blocked;
    }

    // Pages the state omits are zero; a fresh instance may hold data there (its data segments).
    private void WriteAllPages(IReadOnlyList<GuestPage> pages)
    {
        int next = 0;
        for (int i = 0; i < PageCount; i++)
        {
            if (next < pages.Count && pages[next].Index == i) _memory.WritePage(i, pages[next++].Bytes);
            else if (_memory.ReadPage(i).IndexOfAnyExcept((byte)0) >= 0) _memory.Write((ulong)i * Memory.DirtyPageBytes, Memory.DirtyPageBytes).Clear();
        }
        GuestInvariant.Require(next == pages.Count, "every captured page lies inside memory (GuestState checks indices)");
    }

    private void GrowTo(uint wasmPages)
    {
        if (wasmPages < _memory.Pages)
            throw new GuestStateException($"memory is {_memory.Pages} pages and cannot shrink to {wasmPages}: restore the whole state into a fresh machine instead");
        if (wasmPages > _memory.Pages && _memory.Grow(wasmPages - _memory.Pages) < 0)
            throw new GuestStateException($"memory cannot grow to {wasmPages} pages: this machine's limit is {_memory.LimitPages}");
    }

    private void SetGlobals(IReadOnlyList<GuestGlobal> globals)
    {
        IReadOnlyList<Global> own = _instance.Globals;
        if (globals.Count != own.Count) throw new GuestStateException($"the state has {globals.Count} globals; the module has {own.Count}");
        var references = new Function?[own.Count];
        for (int i = 0; i < own.Count; i++)
        {
            GuestGlobal value = globals[i];
            if (value.Kind != own[i].Type.ValueKind || value.Mutable != own[i].Type.Mutable)
                throw new GuestStateException($"global {i} is {(value.Mutable ? "mutable " : "")}{value.Kind.Name()} in the state but {own[i].Type} in the module");
            if (value.Kind == ValueKind.FuncRef) references[i] = FunctionAt(value.Bits == GuestGlobal.NullReference ? -1 : (long)value.Bits, $"global {i}");
            bool same = value.Kind == ValueKind.FuncRef ? ReferenceEquals(references[i], own[i].Reference) : value.Bits == (ulong)own[i].Bits;
            if (!value.Mutable && !same) throw new GuestStateException($"immutable global {i} holds another value in the state");
        }
        for (int i = 0; i < own.Count; i++)
        {
            if (!globals[i].Mutable) continue;
            if (globals[i].Kind == ValueKind.FuncRef) own[i].Reference = references[i];
            else own[i].Bits = (long)globals[i].Bits;
        }
    }

    private void SetTables(IReadOnlyList<GuestTable> tables)
    {
        IReadOnlyList<Table> own = _instance.Tables;
        if (tables.Count != own.Count) throw new GuestStateException($"the state has {tables.Count} tables; the module has {own.Count}");
        var resolved = new Function?[tables.Count][];
        for (int t = 0; t < tables.Count; t++)
        {
            if (tables[t].ElementType != own[t].Type.ElementType) throw new GuestStateException($"table {t} holds {tables[t].ElementType.Name()} in the state");
            if (tables[t].Elements.Length < own[t].Size)
                throw new GuestStateException($"table {t} has {tables[t].Elements.Length} elements in the state but {own[t].Size} here, and tables cannot shrink");
            resolved[t] = tables[t].Elements.Select((index, e) => FunctionAt(index, $"table {t} element {e}")).ToArray();
        }
        for (int t = 0; t < tables.Count; t++)
        {
            Table table = own[t];
            if (resolved[t].Length > table.Size && table.Grow((uint)(resolved[t].Length - table.Size), null) < 0)
                throw new GuestStateException($"table {t} cannot grow to {resolved[t].Length} elements here");
            resolved[t].CopyTo(table.Elements, 0);
        }
    }

    private void ReplaceLibraryOs(byte[] state)
    {
        WasiLibraryOs restored = WasiLibraryOs.Restore(Options.Wasi, state);
        _os.Dispose();
        _os = restored;
    }

    // The data global says where the buffer is (the same address on every replica that ran the
    // same inputs; checked against this machine's buffer size). Pages the old region changed in
    // this epoch go back into the dirty set, so the dirty pages stay exact.
    private void AdoptAsyncifyBuffer()
    {
        uint address = (uint)_dataGlobal!.Bits;
        if (_buffer is not null && _buffer.Address == address) return;
        var buffer = AsyncifyBuffer.Adopt(_memory, address, (uint)Options.AsyncifyBufferBytes);
        _guard?.ReturnChangedPagesToDirtySet(_memory);
        _buffer = buffer;
        _guard = new AsyncifyBufferGuard(buffer);
    }

    private int FunctionIndexOf(object? reference, string where)
    {
        if (reference is null) return GuestTable.NullElement;
        if (reference is Function function && _instance.TryGetFunctionIndex(function, out int index)) return index;
        throw new GuestStateException($"{where} refers to a function of another instance, which a guest state cannot name");
    }

    private Function? FunctionAt(long index, string where)
    {
        if (index == GuestTable.NullElement) return null;
        if (index < 0 || index >= _instance.Functions.Count)
            throw new GuestStateException($"{where} names function {index}; the module has {_instance.Functions.Count}");
        return _instance.GetFunction((int)index);
    }
}
