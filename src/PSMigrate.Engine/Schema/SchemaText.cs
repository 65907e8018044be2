using System.Text;
using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Schema;

/// <summary>
/// How catalog text compares: the engine has normalised it already, so only spacing, the case
/// of type names and parentheses around a whole expression are allowed to differ.
/// </summary>
internal static partial class SchemaText
{
    public static string Type(string type) => Regex.Replace(type, @"\s+", string.Empty).ToLowerInvariant();

    public static string Expression(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var result = Spacing().Replace(text.Trim(), " ");
        while (result.Length >= 2 && result[0] == '(' && result[^1] == ')' && Encloses(result))
        {
            result = result[1..^1].Trim();
        }

        return result.TrimEnd(';');
    }

    /// <summary>PostgreSQL's catalog spells some types out ('character varying'); a statement usually does not.</summary>
    private static string Alias(string type) => type
        .Replace("charactervarying", "varchar", StringComparison.Ordinal)
        .Replace("character", "char", StringComparison.Ordinal)
        .Replace("doubleprecision", "float8", StringComparison.Ordinal);

    public static bool SameExpression(string? a, string? b) => Expression(a) == Expression(b);

    /// <summary>Whether a type change keeps every value (a wider integer, a longer string, more digits).</summary>
    public static bool Widens(string from, string to)
    {
        var (a, b) = (Alias(Type(from)), Alias(Type(to)));
        if (a == b)
        {
            return true;
        }

        string[] integers = ["smallint", "int2", "integer", "int", "int4", "bigint", "int8"];
        var (ia, ib) = (Array.IndexOf(integers, a), Array.IndexOf(integers, b));
        if (ia >= 0 && ib >= 0)
        {
            return Rank(a) <= Rank(b);
        }

        var (la, lb) = (Sized().Match(a), Sized().Match(b));
        if (la.Success && IsText(la.Groups["name"].Value) && (IsText(b) && !lb.Success))
        {
            return true;
        }

        if (la.Success && lb.Success && la.Groups["name"].Value == lb.Groups["name"].Value)
        {
            return Digits(la) is var (p1, s1) && Digits(lb) is var (p2, s2) && p2 - s2 >= p1 - s1 && s2 >= s1;
        }

        return false;
    }

    private static int Rank(string integer) => integer switch
    {
        "smallint" or "int2" => 1,
        "integer" or "int" or "int4" => 2,
        _ => 3,
    };

    private static bool IsText(string type) => type is "text" or "varchar" or "charactervarying" or "nvarchar" or "nvarchar(max)" or "varchar(max)";

    private static (int Precision, int Scale) Digits(Match match) =>
        (int.Parse(match.Groups["p"].Value, System.Globalization.CultureInfo.InvariantCulture),
            match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);

    private static bool Encloses(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0 && i < text.Length - 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short text of a list of names: "(a, b)".</summary>
    public static string List(IEnumerable<string> names) => new StringBuilder("(").AppendJoin(", ", names).Append(')').ToString();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spacing();

    [GeneratedRegex(@"^(?<name>[a-z ]+)\((?<p>\d+)(,(?<s>\d+))?\)$")]
    private static partial Regex Sized();
}
