using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// The change from one schema to another: its differences, and (for -Autogenerate) the Upgrade
/// and Downgrade bodies of a PowerShell revision that make it and undo it exactly.
/// </summary>
public sealed class SchemaChange
{
    private SchemaChange(IReadOnlyList<SchemaDifference> differences, string upgrade, string downgrade, IReadOnlyList<string> warnings)
    {
        Differences = differences;
        Upgrade = upgrade;
        Downgrade = downgrade;
        Warnings = warnings;
    }

    public IReadOnlyList<SchemaDifference> Differences { get; }

    public string Upgrade { get; }

    public string Downgrade { get; }

    /// <summary>Changes no operation can write (each is a '# NOT WRITTEN' comment in the body).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public bool IsEmpty => Differences.All(d => d.Kind == SchemaDifferenceKind.PossibleRename);

    public IReadOnlyList<SchemaDifference> DataLoss => Differences.Where(d => d.IsDataLoss).ToList();

    /// <summary>The differences from <paramref name="from"/> to <paramref name="to"/>; -Rename hints make drop + add a rename.</summary>
    public static IReadOnlyList<SchemaDifference> Compare(DatabaseSchema from, DatabaseSchema to, IEnumerable<string>? renames = null, string? database = null) =>
        SchemaComparer.Compare(from, to, SchemaRenames.Parse(renames ?? [])).Select(d => d with { Database = database }).ToList();

    public static SchemaChange Generate(DatabaseSchema from, DatabaseSchema to, IEnumerable<string> renames, DatabaseTarget database)
    {
        var hints = SchemaRenames.Parse(renames);
        var forward = SchemaComparer.Compare(from, to, hints);
        var backward = SchemaComparer.Compare(to, from, hints.Reversed());
        var (upgrade, upgradeWarnings) = SchemaChangeScript.Write(from, to, forward, database.Provider);
        var (downgrade, downgradeWarnings) = SchemaChangeScript.Write(to, from, backward, database.Provider);
        return new SchemaChange(
            forward.Select(d => d with { Database = database.Name }).ToList(),
            string.Join("\n", upgrade),
            string.Join("\n", downgrade),
            upgradeWarnings.Concat(downgradeWarnings.Select(w => "downgrade: " + w)).ToList());
    }
}
