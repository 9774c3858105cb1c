namespace Plover.Engine.Security;

/// <summary>How long the certificates Plover issues are valid.</summary>
public static class CertificateLifetimes
{
    /// <summary>The cluster CA outlives any deployment: replacing it means re-issuing every node.</summary>
    public const int AuthorityValidityDays = 30 * 365;

    public const int NodeValidityDays = 10 * 365;

    /// <summary>NotBefore is set this far in the past so a host whose clock lags a little still accepts new certificates.</summary>
    public const int ClockSkewAllowanceMinutes = 60;
}
