using System.Text.RegularExpressions;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// The ABI enums and struct layouts against wasi-libc's <c>wasi/api.h</c> (installed by
/// scripts/setup with the wasi-libc package), an independent source for every number.
/// </summary>
public partial class AbiConstantsTests
{
    private const string ApiHeader = "/usr/include/wasm32-wasi/wasi/api.h";

    private static readonly Lazy<string> Header = new(() => File.ReadAllText(ApiHeader));

    /// <summary>Every <c>#define __WASI_{GROUP}_{NAME} (...)</c> of one group, as name -> value.</summary>
    private static Dictionary<string, ulong> Defines(string group)
    {
        var values = new Dictionary<string, ulong>();
        foreach (Match m in DefineLine().Matches(Header.Value))
        {
            if (!m.Groups["name"].Value.StartsWith(group + "_", StringComparison.Ordinal)) continue;
            string name = m.Groups["name"].Value[(group.Length + 1)..];
            string shift = m.Groups["shift"].Value;
            values[name] = shift.Length > 0 ? 1UL << int.Parse(shift) : ulong.Parse(m.Groups["value"].Value);
        }
        Assert.NotEmpty(values);
        return values;
    }

    [GeneratedRegex(@"#define __WASI_(?<name>[A-Z0-9_]+) \((?:\(__wasi_\w+_t\)\(1 << (?<shift>\d+)\)|UINT\d+_C\((?<value>\d+)\))\)")]
    private static partial Regex DefineLine();

    private static string Normalize(string name) => name.Replace("_", "").ToUpperInvariant();

    private static void AssertEnumMatches<TEnum>(string group, params string[] ignoredMembers) where TEnum : struct, Enum
    {
        Dictionary<string, ulong> header = Defines(group);
        var ours = Enum.GetNames<TEnum>()
            .Where(name => !ignoredMembers.Contains(name))
            .ToDictionary(Normalize, name => Convert.ToUInt64(Enum.Parse<TEnum>(name)));
        foreach ((string name, ulong value) in header)
        {
            string key = Normalize(name == "2BIG" ? "TOOBIG" : name);
            Assert.True(ours.TryGetValue(key, out ulong mine), $"{typeof(TEnum).Name} lacks {group}_{name}");
            Assert.True(value == mine, $"{group}_{name} is {value} in api.h but {mine} here");
        }
        Assert.Equal(header.Count, ours.Count);
    }

    [Fact] public void Errno_values_match_api_h() => AssertEnumMatches<WasiErrno>("ERRNO");

    [Fact] public void Rights_bits_match_api_h() => AssertEnumMatches<WasiRights>("RIGHTS", "None", "All");

    [Fact] public void Filetype_values_match_api_h() => AssertEnumMatches<WasiFiletype>("FILETYPE");

    [Fact] public void Fdflags_bits_match_api_h() => AssertEnumMatches<WasiFdFlags>("FDFLAGS", "None", "All");

    [Fact] public void Oflags_bits_match_api_h() => AssertEnumMatches<WasiOpenFlags>("OFLAGS", "None", "All");

    [Fact] public void Lookupflags_bits_match_api_h() => AssertEnumMatches<WasiLookupFlags>("LOOKUPFLAGS", "None", "All");

    [Fact] public void Fstflags_bits_match_api_h() => AssertEnumMatches<WasiFstFlags>("FSTFLAGS", "None", "All");

    [Fact] public void Riflags_bits_match_api_h() => AssertEnumMatches<WasiRiFlags>("RIFLAGS", "None", "All");

    [Fact] public void Roflags_bits_match_api_h() => AssertEnumMatches<WasiRoFlags>("ROFLAGS", "None");

    [Fact] public void Sdflags_bits_match_api_h() => AssertEnumMatches<WasiSdFlags>("SDFLAGS", "None", "All");

    [Fact] public void Eventtype_values_match_api_h() => AssertEnumMatches<WasiEventType>("EVENTTYPE");

    [Fact] public void Eventrwflags_bits_match_api_h() => AssertEnumMatches<WasiEventRwFlags>("EVENTRWFLAGS", "None");

    [Fact] public void Subclockflags_bits_match_api_h() => AssertEnumMatches<WasiSubclockFlags>("SUBCLOCKFLAGS", "None", "All");

    [Fact] public void Clockid_values_match_api_h() => AssertEnumMatches<WasiClockId>("CLOCKID");

    [Fact] public void Whence_values_match_api_h() => AssertEnumMatches<WasiWhence>("WHENCE");

    [Fact] public void Advice_values_match_api_h() => AssertEnumMatches<WasiAdvice>("ADVICE");

    [Fact]
    public void The_all_masks_cover_exactly_the_defined_bits()
    {
        Assert.Equal((ulong)WasiRights.All, Defines("RIGHTS").Values.Aggregate(0UL, (a, b) => a | b));
        Assert.Equal((ulong)WasiFdFlags.All, Defines("FDFLAGS").Values.Aggregate(0UL, (a, b) => a | b));
        Assert.Equal((ulong)WasiOpenFlags.All, Defines("OFLAGS").Values.Aggregate(0UL, (a, b) => a | b));
        Assert.Equal((ulong)WasiFstFlags.All, Defines("FSTFLAGS").Values.Aggregate(0UL, (a, b) => a | b));
    }

    // Struct layouts: api.h states each size and field offset as a _Static_assert.
    [Theory]
    [InlineData("__wasi_iovec_t", WasiLayout.IovecSize, "buf", WasiLayout.IovecBufOffset, "buf_len", WasiLayout.IovecLengthOffset)]
    [InlineData("__wasi_ciovec_t", WasiLayout.IovecSize, "buf", WasiLayout.IovecBufOffset, "buf_len", WasiLayout.IovecLengthOffset)]
    [InlineData("__wasi_fdstat_t", WasiLayout.FdstatSize, "fs_filetype", WasiLayout.FdstatFiletypeOffset, "fs_flags", WasiLayout.FdstatFlagsOffset,
        "fs_rights_base", WasiLayout.FdstatRightsBaseOffset, "fs_rights_inheriting", WasiLayout.FdstatRightsInheritingOffset)]
    [InlineData("__wasi_filestat_t", WasiLayout.FilestatSize, "dev", WasiLayout.FilestatDeviceOffset, "ino", WasiLayout.FilestatInodeOffset,
        "filetype", WasiLayout.FilestatFiletypeOffset, "nlink", WasiLayout.FilestatLinkCountOffset, "size", WasiLayout.FilestatSizeOffset,
        "atim", WasiLayout.FilestatAccessTimeOffset, "mtim", WasiLayout.FilestatModificationTimeOffset, "ctim", WasiLayout.FilestatChangeTimeOffset)]
    [InlineData("__wasi_dirent_t", WasiLayout.DirentSize, "d_next", WasiLayout.DirentNextOffset, "d_ino", WasiLayout.DirentInodeOffset,
        "d_namlen", WasiLayout.DirentNameLengthOffset, "d_type", WasiLayout.DirentTypeOffset)]
    [InlineData("__wasi_prestat_t", WasiLayout.PrestatSize)]
    [InlineData("__wasi_event_t", WasiLayout.EventSize, "userdata", WasiLayout.EventUserdataOffset, "error", WasiLayout.EventErrorOffset,
        "type", WasiLayout.EventTypeOffset, "fd_readwrite", WasiLayout.EventBytesOffset)]
    [InlineData("__wasi_subscription_t", WasiLayout.SubscriptionSize, "userdata", WasiLayout.SubscriptionUserdataOffset, "u", WasiLayout.SubscriptionTagOffset)]
    public void Struct_layouts_match_api_h(string type, uint size, params object[] fields)
    {
        Assert.Equal(size, StaticAssert($"sizeof({type})"));
        for (int i = 0; i < fields.Length; i += 2)
            Assert.True((uint)fields[i + 1] == StaticAssert($"offsetof({type}, {fields[i]})"), $"{type}.{fields[i]}");
    }

    [Fact]
    public void Nested_union_layouts_match_api_h()
    {
        // The subscription union holds its tag at 0 and its body at 8; the clock body's fields follow.
        Assert.Equal(WasiLayout.SubscriptionClockIdOffset - 16, StaticAssert("offsetof(__wasi_subscription_clock_t, id)"));
        Assert.Equal(WasiLayout.SubscriptionClockTimeoutOffset - 16, StaticAssert("offsetof(__wasi_subscription_clock_t, timeout)"));
        Assert.Equal(WasiLayout.SubscriptionClockPrecisionOffset - 16, StaticAssert("offsetof(__wasi_subscription_clock_t, precision)"));
        Assert.Equal(WasiLayout.SubscriptionClockFlagsOffset - 16, StaticAssert("offsetof(__wasi_subscription_clock_t, flags)"));
        Assert.Equal(WasiLayout.SubscriptionFdOffset - 16, StaticAssert("offsetof(__wasi_subscription_fd_readwrite_t, file_descriptor)"));
        Assert.Equal(WasiLayout.EventFlagsOffset - WasiLayout.EventBytesOffset, StaticAssert("offsetof(__wasi_event_fd_readwrite_t, flags)"));
        Assert.Equal(WasiLayout.PrestatNameLengthOffset - 4, StaticAssert("offsetof(__wasi_prestat_dir_t, pr_name_len)"));
    }

    private static uint StaticAssert(string expression)
    {
        Match m = Regex.Match(Header.Value, @"_Static_assert\(" + Regex.Escape(expression) + @" == (\d+),");
        Assert.True(m.Success, $"api.h has no static assert for {expression}");
        return uint.Parse(m.Groups[1].Value);
    }
}
