using Plover.Sandbox.Spec;

namespace Plover.Sandbox.Tests.Spec;

/// <summary>
/// Runs every script of the official WebAssembly 2.0 spec suite, the SIMD ones (simd_*.wast) included, through the spec runner:
/// no command may fail, and the only commands skipped are text-format modules (this engine reads
/// binary modules only).
/// </summary>
public class SpecSuiteTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        if (SpecSuiteLocation.Find() is string directory)
            foreach (string script in SpecRunner.CollectScripts([directory])) data.Add(Path.GetFileName(script));
        else data.Add("(spec suite absent)");
        return data;
    }

    [SpecSuiteTheory]
    [MemberData(nameof(Scripts))]
    public void ScriptPasses(string script)
    {
        SpecFileResult result = SpecRunner.RunScript(Path.Combine(SpecSuiteLocation.Find()!, script));
        Assert.True(result.Failed == 0, $"{result}\n{string.Join("\n", result.Failures)}");
        Assert.True(result.Passed > 0 || result.Skipped > 0, "the script ran no command");
        Assert.All(result.Skips.Keys, reason => Assert.Equal("text format", reason));
    }

    [SpecSuiteTheory]
    [InlineData("simd_address.wast")]
    public void DirectoriesIncludeSimdScripts(string simdScript)
    {
        IReadOnlyList<string> scripts = SpecRunner.CollectScripts([SpecSuiteLocation.Find()!]);
        Assert.Contains(scripts, s => Path.GetFileName(s) == simdScript);
        Assert.Contains(scripts, s => Path.GetFileName(s) == "address.wast");
    }
}
