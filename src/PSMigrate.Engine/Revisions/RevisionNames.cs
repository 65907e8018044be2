using System.Text.RegularExpressions;
using System.Text;

namespace PSMigrate.Engine.Revisions;

/// <summary>The rules for revision ids, branch labels and file names.</summary>
internal static partial class RevisionNames
{
    public static readonly IReadOnlySet<string> ReservedWords =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "head", "heads", "base", "current" };

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex RevisionIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.]{0,63}$")]
    private static partial Regex BranchLabelPattern();

    /// <summary>Twelve random lowercase hex characters, as Alembic makes them.</summary>
    public static string NewRevisionId() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    public static string? ValidateRevisionId(string id)
    {
        if (!RevisionIdPattern().IsMatch(id))
        {
            return $"'{id}' is not a valid revision id: use 1 to 32 letters, digits or underscores.";
        }

        return ReservedWords.Contains(id) ? $"'{id}' is a reserved word and cannot be a revision id." : null;
    }

    public static string? ValidateBranchLabel(string label)
    {
        if (!BranchLabelPattern().IsMatch(label))
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
