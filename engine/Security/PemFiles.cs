namespace Plover.Engine.Security;

/// <summary>
/// Reads and writes the PEM files of a certificate folder. Writes are atomic (temporary file,
/// fsync, rename) so a crash never leaves half a key; private keys are created owner-only (0600).
/// </summary>
internal static class PemFiles
{
    private const UnixFileMode PublicMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode NotOwnerModes = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void WritePublic(string path, string pem) => WriteAtomically(path, pem, PublicMode);

    public static void WritePrivate(string path, string pem) => WriteAtomically(path, pem, PrivateMode);

    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CertificateException(CertificateError.MissingFile, "the file does not exist", path, e);
        }
    }

    /// <summary>Reads a private key file, refusing one that users other than its owner may read or change.</summary>
    public static string ReadPrivate(string path)
    {
        string pem = Read(path);
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & NotOwnerModes) != 0)
                throw new CertificateException(CertificateError.KeyFileTooOpen,
                    $"the private key is accessible to others (mode {Convert.ToString((int)mode, 8)}); it must be 600", path);
        }
        return pem;
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                // The umask can only remove bits, but set the mode explicitly so the file is exactly as intended.
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
