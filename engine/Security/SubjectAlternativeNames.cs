using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Plover.Engine.Security;

/// <summary>
/// Reads the URI entries of a certificate's subject alternative name extension, which .NET's
/// X509SubjectAlternativeNameExtension does not enumerate (it offers DNS names and IP addresses only).
/// </summary>
internal static class SubjectAlternativeNames
{
    private const string ExtensionOid = "2.5.29.17";
    // GeneralName ::= CHOICE { ... uniformResourceIdentifier [6] IA5String ... } (implicitly tagged).
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>Every URI entry, in certificate order; empty when there is no SAN extension.</summary>
    /// <exception cref="CryptographicException">The extension is not valid DER.</exception>
    public static IReadOnlyList<string> ReadUris(X509Certificate2 certificate)
    {
        X509Extension? extension = certificate.Extensions[ExtensionOid];
        if (extension is null) return [];
        var uris = new List<string>();
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            AsnReader names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                if (names.PeekTag() == UriTag)
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                else
                    names.ReadEncodedValue();
            }
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("the subject alternative name extension is not valid DER", e);
        }
        return uris;
    }
}
