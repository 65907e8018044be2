namespace PSMigrate.HelpBuilder;

/// <summary>One example: a title, the code, and what it does.</summary>
internal sealed record HelpExample(string Title, string Code, string Remarks);

/// <summary>
/// The prose of one cmdlet's help, read from a text file of '# SECTION' blocks:
/// SYNOPSIS, DESCRIPTION, PARAMETER name, INPUT parameter, OUTPUT type name, EXAMPLE title (code in a ```powershell fence), NOTES, LINK name.
/// </summary>
internal sealed class HelpSource
{
    public string Synopsis { get; private set; } = string.Empty;
    public string Description { get; private set; } = string.Empty;
    public string Notes { get; private set; } = string.Empty;
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Inputs { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<HelpExample> Examples { get; } = [];
    public List<string> Links { get; } = [];

    public static HelpSource Read(string path)
    {
        var help = new HelpSource();
        string? section = null;
        var body = new List<string>();

        void Flush()
        {
            if (section is null)
            {
                return;
            }

            var text = string.Join('\n', body).Trim();
            var space = section.IndexOf(' ');
            var (kind, argument) = space < 0 ? (section, string.Empty) : (section[..space], section[(space + 1)..].Trim());
            switch (kind.ToUpperInvariant())
            {
                case "SYNOPSIS": help.Synopsis = text; break;
                case "DESCRIPTION": help.Description = text; break;
                case "NOTES": help.Notes = text; break;
                case "PARAMETER": help.Parameters[argument] = text; break;
                case "INPUT": help.Inputs[argument] = text; break;
                case "OUTPUT": help.Outputs[argument] = text; break;
                case "LINK": help.Links.Add(argument); break;
                case "EXAMPLE": help.Examples.Add(Example(argument, text, path)); break;
                default: throw new InvalidDataException($"{path}: unknown section '# {section}'.");
            }

            body.Clear();
        }

        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                section = line[2..].Trim();
            }
            else
            {
                body.Add(line);
            }
        }

        Flush();
        return help;
    }

    private static HelpExample Example(string title, string text, string path)
    {
        var open = text.IndexOf("```powershell", StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf("```", open + 13, StringComparison.Ordinal);
        if (open < 0 || close < 0)
        {
            throw new InvalidDataException($"{path}: example '{title}' has no ```powershell code block.");
        }

        return new HelpExample(title, text[(open + 13)..close].Trim('\n', '\r'), text[(close + 3)..].Trim());
    }
}
