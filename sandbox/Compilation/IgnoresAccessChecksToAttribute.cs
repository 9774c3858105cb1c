namespace System.Runtime.CompilerServices;

/// <summary>
/// Recognised by the runtime on a dynamic assembly: lets generated code use this assembly's
/// internal types and members (instance context, memory fields, runtime helpers) without making them public.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
