namespace PSMigrate.Engine.Schema;

/// <summary>
/// What -Rename says was renamed, so a drop and an add become a rename that keeps the rows:
/// 'orders=purchase_orders' (a table), 'customers.mail=email' (a column of a table, named by its
/// old or new name).
/// </summary>
internal sealed class SchemaRenames
{
    private readonly List<(string From, string To)> tables = [];
    private readonly List<(string Table, string From, string To)> columns = [];

    public static SchemaRenames None { get; } = new();

    public static SchemaRenames Parse(IEnumerable<string> hints)
    {
        var renames = new SchemaRenames();
        foreach (var hint in hints)
        {
            var parts = hint.Split('=');
            if (parts.Length != 2 || parts.Any(p => p.Trim().Length == 0))
            {
                throw Invalid(hint, "write 'old=new' for a table or 'table.old=new' for a column");
            }

            var (from, to) = (parts[0].Trim(), parts[1].Trim());
            var dot = from.LastIndexOf('.');
            if (dot > 0)
            {
                renames.columns.Add((from[..dot], from[(dot + 1)..], to));
            }
            else
            {
                renames.tables.Add((from, to));
            }
        }

        return renames;
    }

    public IReadOnlyList<(string From, string To)> Tables => tables;

    public IReadOnlyList<(string Table, string From, string To)> Columns => columns;

    /// <summary>The same renames seen from the other side (for the downgrade).</summary>
    public SchemaRenames Reversed()
    {
        var reversed = new SchemaRenames();
        reversed.tables.AddRange(tables.Select(t => (t.To, t.From)));
        reversed.columns.AddRange(columns.Select(c => (TableAfter(c.Table), c.To, c.From)));
        return reversed;
    }

    public string? NewTableName(string table, StringComparer names) =>
        tables.FirstOrDefault(t => names.Equals(t.From, table)).To;

    public string? NewColumnName(string oldTable, string newTable, string column, StringComparer names) =>
        columns.FirstOrDefault(c => (names.Equals(c.Table, oldTable) || names.Equals(c.Table, newTable)) && names.Equals(c.From, column)).To;

    private string TableAfter(string table) => tables.FirstOrDefault(t => t.From == table).To ?? table;

    public static MigrationException Invalid(string hint, string problem) =>
        new(MigrationErrors.InvalidRename, $"-Rename '{hint}': {problem}.", hint);
}
