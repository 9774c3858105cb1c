namespace Plover.Linearizability.Search;

/// <summary>
/// What the search needs to know of an operation besides its meaning: its interval, whether it is
/// indeterminate (return at infinity, any output accepted), and, for indeterminate operations
/// that are interchangeable (the same command), the previous one of its kind in call order, or -1.
/// </summary>
internal readonly record struct SearchOperation(long Call, long Return, bool Indeterminate, int PreviousTwin);
