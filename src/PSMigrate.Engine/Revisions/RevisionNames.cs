using System.Text;

namespace PSMigrate.Engine.Revisions;

/// <summary>The rules for revision ids, branch labels and file names.</summary>
internal static class RevisionNames
{
    public static readonly IReadOnlySet<string> ReservedWords =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "head", "heads", "base", "current" };

    // Checked by hand rather than by Regex: every revision file's id is checked on every load,
    // and Regex's first use costs a cold start more than all the checks together.
    private static bool IsRevisionId(string id) =>
        id.Length is >= 1 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsBranchLabel(string label) =>
        label.Length is >= 1 and <= 64 && char.IsAsciiLetter(label[0]) && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');

    /// <summary>Twelve random lowercase hex characters, as Alembic makes them.</summary>
    public static string NewRevisionId() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    public static string? ValidateRevisionId(string id)
    {
        if (!IsRevisionId(id))
        {
            return $"'{id}' is not a valid revision id: use 1 to 32 letters, digits or underscores.";
        }

        return ReservedWords.Contains(id) ? $"'{id}' is a reserved word and cannot be a revision id." : null;
    }

    public static string? ValidateBranchLabel(string label)
    {
        if (!IsBranchLabel(label))
        {
            return $"'{label}' is not a valid branch label: start with a letter, then letters, digits, '_' or '.'.";
        }

        return ReservedWords.Contains(label) ? $"'{label}' is a reserved word and cannot be a branch label." : null;
    }

    /// <summary>A file-name-safe, lowercase form of a message: 'Add Department!' becomes 'add_department'.</summary>
    public static string Slug(string message)
    {
        var builder = new StringBuilder();
        foreach (var c in message.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }

            if (builder.Length >= 40)
            {
                break;
            }
        }

        var slug = builder.ToString().Trim('_');
        return slug.Length == 0 ? "revision" : slug;
    }
}
