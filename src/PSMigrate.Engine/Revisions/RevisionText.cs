using System.Text;

namespace PSMigrate.Engine.Revisions;

/// <summary>
/// Reads a revision file's text strictly: UTF-8 (a byte order mark of UTF-8, UTF-16 or UTF-32
/// is honoured), and no control characters other than tab, line breaks and form feed. A bad
/// byte is reported with its file and line before anything runs, because drivers handle
/// such text badly (Microsoft.Data.Sqlite loops for ever on a NUL between statements).
/// </summary>
internal static class RevisionText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path) => Decode(path, File.ReadAllBytes(path));

    public static string Decode(string path, byte[] bytes)
    {
        var (encoding, skip) = Bom(bytes);
        if (encoding is null && LooksLikeUtf16(bytes))
        {
            throw Error(MigrationErrors.InvalidEncoding, path, null,
                "the file looks like UTF-16 without a byte order mark (every other byte is 0). Save it as UTF-8.");
        }

        string text;
        try
        {
            text = (encoding ?? StrictUtf8).GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException error)
        {
            var offset = skip + Math.Max(0, error.Index);
            var line = 1 + bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n');
            throw Error(MigrationErrors.InvalidEncoding, path, line,
                $"the file is not valid UTF-8 (byte 0x{bytes[Math.Min(offset, bytes.Length - 1)]:X2} at offset {offset}). Save it as UTF-8.");
        }

        CheckCharacters(path, text);
        return text;
    }

    /// <summary>Refuses control characters, naming the first one's line; tab, CR, LF and form feed are text.</summary>
    public static void CheckCharacters(string path, string text, int firstLine = 1)
    {
        var line = firstLine;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
            }
            else if (IsForbidden(c))
            {
                throw Error(MigrationErrors.InvalidCharacter, path, line,
                    $"the file holds the control character U+{(int)c:X4}{(c == '\0' ? " (NUL)" : string.Empty)} on line {line}; remove it (revision files are text).");
            }
        }
    }

    public static bool IsForbidden(char c) => (c < ' ' && c is not ('\t' or '\n' or '\r' or '\f')) || c == '\u007f';

    private static (Encoding? Encoding, int Skip) Bom(byte[] bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (StrictUtf8, 3),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
        _ => (null, 0),
    };

    private static bool LooksLikeUtf16(byte[] bytes)
    {
        var sample = Math.Min(bytes.Length, 512) & ~1;
        if (sample < 4)
        {
            return false;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample; i += 2)
        {
            evenZeros += bytes[i] == 0 ? 1 : 0;
            oddZeros += bytes[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample / 2;
        return evenZeros * 10 >= pairs * 9 || oddZeros * 10 >= pairs * 9;
    }

    private static MigrationException Error(MigrationError error, string path, int? line, string problem) =>
        new(error, $"{(line is null ? path : $"{path}:{line}")}: {problem}", path) { FilePath = path, Line = line };
}
