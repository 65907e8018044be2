using PSMigrate.Engine.Schema;
using System.Globalization;
using System.Text;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Providers;
using K = PSMigrate.SchemaDifferenceKind;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// The body of a PowerShell revision that takes one schema to another, written with the
/// operation cmdlets (raw SQL only for views and expression indexes). Order: views and foreign
/// keys that go are dropped first, then tables that go (referencing tables before the tables they
/// reference), renames, new tables (referenced first), column and constraint changes, new foreign
/// keys, new views. On SQLite the operations become table rebuilds when the revision runs.
/// Every step that loses data has a '# DATA LOSS' comment above it.
/// </summary>
internal sealed class SchemaChangeScript
{
    private readonly DatabaseSchema from;
    private readonly DatabaseSchema to;
    private readonly IReadOnlyList<SchemaDifference> differences;
    private readonly IMigrationProvider provider;
    private readonly StringComparer names;
    private readonly List<string> lines = [];
    private readonly List<string> warnings = [];

    private SchemaChangeScript(DatabaseSchema from, DatabaseSchema to, IReadOnlyList<SchemaDifference> differences, IMigrationProvider provider)
    {
        this.from = from;
        this.to = to;
        this.differences = differences;
        this.provider = provider;
        names = to.Names;
    }

    /// <summary>The body lines and what could not be written as operations (each also a comment in the body).</summary>
    public static (IReadOnlyList<string> Lines, IReadOnlyList<string> Warnings) Write(
        DatabaseSchema from, DatabaseSchema to, IReadOnlyList<SchemaDifference> differences, IMigrationProvider provider)
    {
        var script = new SchemaChangeScript(from, to, differences, provider);
        script.WriteAll();
        return (script.lines, script.warnings);
    }

    private IEnumerable<SchemaDifference> Of(params K[] kinds) => differences.Where(d => kinds.Contains(d.Kind));

    private void WriteAll()
    {
        var droppedTables = Of(K.TableRemoved).Select(d => (SchemaTable)d.OldObject!).ToList();
        var addedTables = Of(K.TableAdded).Select(d => (SchemaTable)d.NewObject!).ToList();

        foreach (var view in Of(K.ViewRemoved, K.ViewChanged))
        {
            Emit($"Invoke-MigrationSql {Quote($"DROP VIEW {provider.Dialect.QuoteIdentifier(view.Table)}")}");
        }

        foreach (var key in Of(K.ForeignKeyRemoved).Where(d => !droppedTables.Any(t => names.Equals(t.Name, d.Table))))
        {
            RemoveConstraint(key.Table, key.Name, $"foreign key {key.Before}");
        }

        foreach (var table in Ordered(droppedTables, referencedFirst: false))
        {
            Emit($"# DATA LOSS: drops table {table.Name} and its rows.");
            Emit($"Remove-MigrationTable {Quote(table.Name)}");
        }

        foreach (var rename in Of(K.TableRenamed))
        {
            Emit($"Rename-MigrationTable {Quote(rename.Before!)} {Quote(rename.After!)}");
        }

        foreach (var rename in Of(K.ColumnRenamed))
        {
            Emit($"Rename-MigrationColumn {Quote(rename.Table)} {Quote(rename.Before!)} {Quote(rename.After!)}");
        }

        foreach (var table in Ordered(addedTables, referencedFirst: true))
        {
            CreateTable(table);
        }

        foreach (var table in to.Tables.Where(t => !addedTables.Contains(t)))
        {
            ChangeTable(table.Name);
        }

        foreach (var key in Of(K.ForeignKeyAdded).Select(d => (d.Table, Key: (SchemaForeignKey)d.NewObject!))
                     .Concat(addedTables.SelectMany(t => t.ForeignKeys.Select(k => (Table: t.Name, Key: k)))))
        {
            AddForeignKey(key.Table, key.Key);
        }

        foreach (var view in Of(K.ViewAdded, K.ViewChanged).Select(d => (SchemaView)d.NewObject!))
        {
            Emit($"Invoke-MigrationSql {Quote(ViewSql(view))}");
        }
    }

    private void ChangeTable(string table)
    {
        var mine = differences.Where(d => names.Equals(d.Table, table)).ToList();
        IEnumerable<SchemaDifference> Kind(params K[] kinds) => mine.Where(d => kinds.Contains(d.Kind));

        foreach (var index in Kind(K.IndexRemoved, K.IndexChanged))
        {
            Emit($"Remove-MigrationIndex {Quote(table)} {Quote(index.Name!)}");
        }

        foreach (var removed in Kind(K.UniqueRemoved, K.CheckRemoved))
        {
            RemoveConstraint(table, removed.Name, removed.Before!);
        }

        if (Kind(K.PrimaryKeyChanged).FirstOrDefault() is { OldObject: SchemaKey oldKey })
        {
            RemoveConstraint(table, oldKey.Name, $"primary key {oldKey}");
        }

        foreach (var added in Kind(K.ColumnAdded))
        {
            Emit($"Add-MigrationColumn {Quote(table)} {ColumnTable((SchemaColumn)added.NewObject!, primaryKey: false, unique: false)}");
        }

        foreach (var column in Kind(K.ColumnTypeChanged, K.NullabilityChanged, K.DefaultChanged).GroupBy(d => d.Name!, names))
        {
            AlterColumn(table, column.ToList());
        }

        foreach (var identity in Kind(K.IdentityChanged))
        {
            Unsupported($"column '{table}.{identity.Name}' {(bool.Parse(identity.After!) ? "becomes" : "stops being")} an identity column, which no operation changes; write it by hand (Invoke-MigrationSql).");
        }

        foreach (var removed in Kind(K.ColumnRemoved))
        {
            Emit($"# DATA LOSS: drops column {table}.{removed.Name} and its values.");
            Emit($"Remove-MigrationColumn {Quote(table)} {Quote(removed.Name!)}");
        }

        if (Kind(K.PrimaryKeyChanged).FirstOrDefault() is { NewObject: SchemaKey newKey })
        {
            Emit($"Add-MigrationConstraint {Quote(table)} {Quote(newKey.Name ?? $"pk_{table}")} -PrimaryKey {List(newKey.Columns)}");
        }

        foreach (var added in Kind(K.UniqueAdded))
        {
            var key = (SchemaKey)added.NewObject!;
            Emit($"Add-MigrationConstraint {Quote(table)} {Quote(key.Name ?? ConstraintName("uq", table, key.Columns))} -Unique {List(key.Columns)}");
        }

        foreach (var (added, number) in Kind(K.CheckAdded).Select((d, i) => (d, i + 1)))
        {
            var check = (SchemaCheck)added.NewObject!;
            Emit($"Add-MigrationConstraint {Quote(table)} {Quote(check.Name ?? $"ck_{table}_{number}")} -Check {Quote(check.Expression)}");
        }

        foreach (var index in Kind(K.IndexAdded, K.IndexChanged))
        {
            CreateIndex(table, (SchemaIndex)index.NewObject!);
        }
    }

    private void CreateTable(SchemaTable table)
    {
        var key = table.PrimaryKey?.Columns ?? [];
        var singleUniques = table.UniqueConstraints.Where(u => u.Columns.Count == 1).Select(u => u.Columns[0]).ToHashSet(names);
        var columns = table.Columns.Select(c => "    " + ColumnTable(c, key.Contains(c.Name, names), singleUniques.Contains(c.Name)));
        Emit($"New-MigrationTable {Quote(table.Name)} @(\n{string.Join("\n", columns)}\n)");
        foreach (var unique in table.UniqueConstraints.Where(u => u.Columns.Count > 1))
        {
            Emit($"Add-MigrationConstraint {Quote(table.Name)} {Quote(unique.Name ?? ConstraintName("uq", table.Name, unique.Columns))} -Unique {List(unique.Columns)}");
        }

        foreach (var (check, number) in table.CheckConstraints.Select((c, i) => (c, i + 1)))
        {
            Emit($"Add-MigrationConstraint {Quote(table.Name)} {Quote(check.Name ?? $"ck_{table.Name}_{number}")} -Check {Quote(check.Expression)}");
        }

        foreach (var index in table.Indexes)
        {
            CreateIndex(table.Name, index);
        }
    }

    private string ColumnTable(SchemaColumn column, bool primaryKey, bool unique)
    {
        var parts = new List<string> { $"Name = {Quote(column.Name)}" };
        if (provider.Renderer.PortableTypeOf(column.Type) is { } portable)
        {
            parts.Add($"Type = '{portable.Type}'");
            parts.AddRange(Sizes(portable).Select(size => $"{size.Name} = {size.Value.ToString(CultureInfo.InvariantCulture)}"));
        }
        else
        {
            parts.Add($"SqlType = {Quote(column.Type)}");
        }

        if (primaryKey)
        {
            parts.Add("PrimaryKey = $true");
        }

        if (column.IsIdentity)
        {
            parts.Add("Identity = $true");
        }

        parts.Add(column.IsNullable ? "Nullable = $true" : "Nullable = $false");
        if (column.Default is { } sql)
        {
            parts.Add($"DefaultSql = {Quote(sql)}");
        }

        if (unique)
        {
            parts.Add("Unique = $true");
        }

        return $"@{{ {string.Join("; ", parts)} }}";
    }

    /// <summary>The size settings of a portable type: Length, or Precision and Scale; each a hashtable key and a parameter name.</summary>
    private static IEnumerable<(string Name, int Value)> Sizes(PortableColumnType type)
    {
        if (type.Length is { } length)
        {
            yield return ("Length", length);
        }

        if (type.Precision is { } precision)
        {
            yield return ("Precision", precision);
            yield return ("Scale", type.Scale ?? 0);
        }
    }

    private void AlterColumn(string table, IReadOnlyList<SchemaDifference> changes)
    {
        var column = (SchemaColumn)changes[0].NewObject!;
        var text = new StringBuilder($"Set-MigrationColumn {Quote(table)} {Quote(column.Name)}");
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case K.ColumnTypeChanged:
                    if (change.IsDataLoss)
                    {
                        Emit($"# DATA LOSS: {table}.{column.Name} changes type from {change.Before} to {change.After}; values that do not fit are lost or stop the revision.");
                    }

                    text.Append(provider.Renderer.PortableTypeOf(column.Type) is { } portable
                        ? $" -Type {portable.Type}" + string.Concat(Sizes(portable).Select(size => $" -{size.Name} {size.Value.ToString(CultureInfo.InvariantCulture)}"))
                        : $" -SqlType {Quote(column.Type)}");
                    break;
                case K.NullabilityChanged:
                    text.Append(column.IsNullable ? " -Nullable $true" : " -Nullable $false");
                    break;
                case K.DefaultChanged:
                    text.Append(column.Default is { } sql ? $" -DefaultSql {Quote(sql)}" : " -NoDefault");
                    break;
            }
        }

        // SQL Server changes nullability only with the type.
        if (provider.Kind == ProviderKind.SqlServer && changes.All(c => c.Kind != K.ColumnTypeChanged) && changes.Any(c => c.Kind == K.NullabilityChanged))
        {
            text.Append($" -SqlType {Quote(column.Type)}");
        }

        Emit(text.ToString());
    }

    private void CreateIndex(string table, SchemaIndex index)
    {
        if (index.IsExpression)
        {
            Emit($"Invoke-MigrationSql {Quote(index.Definition)}");
            return;
        }

        Emit($"New-MigrationIndex {Quote(table)} {Quote(index.Name)} {List(index.Columns)}" +
             (index.IsUnique ? " -Unique" : string.Empty) +
             (index.Where is { } where ? $" -Where {Quote(where)}" : string.Empty));
    }

    private void AddForeignKey(string table, SchemaForeignKey key)
    {
        var text = $"Add-MigrationConstraint {Quote(table)} {Quote(key.Name ?? ConstraintName("fk", table, key.Columns))} -ForeignKey {List(key.Columns)} -References {Quote(key.ReferencedTable)} -ReferencedColumn {List(key.ReferencedColumns)}";
        if (!key.OnDelete.Equals("NO ACTION", StringComparison.OrdinalIgnoreCase))
        {
            text += $" -OnDelete {Quote(key.OnDelete)}";
        }

        if (!key.OnUpdate.Equals("NO ACTION", StringComparison.OrdinalIgnoreCase))
        {
            text += $" -OnUpdate {Quote(key.OnUpdate)}";
        }

        Emit(text);
    }

    private void RemoveConstraint(string table, string? name, string what)
    {
        if (name is null)
        {
            Unsupported($"the {what} of '{table}' has no name in the database (SQLite keeps none for constraints written without CONSTRAINT <name>), so no operation can remove it; rebuild the table by hand or name it in the schema.");
            return;
        }

        Emit($"Remove-MigrationConstraint {Quote(table)} {Quote(name)}");
    }

    private string ViewSql(SchemaView view) =>
        view.Definition.StartsWith("CREATE", StringComparison.OrdinalIgnoreCase)
            ? view.Definition
            : $"CREATE VIEW {provider.Dialect.QuoteIdentifier(view.Name)} AS\n{view.Definition}";

    /// <summary>Tables in the order their foreign keys allow: referenced first (to create) or referencing first (to drop); cycles keep the order they have.</summary>
    private IReadOnlyList<SchemaTable> Ordered(IReadOnlyList<SchemaTable> tables, bool referencedFirst)
    {
        var ordered = new List<SchemaTable>();
        var pending = tables.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(t => !t.ForeignKeys.Any(k => !names.Equals(k.ReferencedTable, t.Name) && pending.Any(p => p != t && names.Equals(p.Name, k.ReferencedTable))))
                        ?? pending[0];
            ordered.Add(ready);
            pending.Remove(ready);
        }

        if (!referencedFirst)
        {
            ordered.Reverse();
        }

        return ordered;
    }

    private void Unsupported(string problem)
    {
        warnings.Add(problem);
        Emit("# NOT WRITTEN: " + problem);
    }

    private void Emit(string line) => lines.Add(line);

    private static string ConstraintName(string prefix, string table, IEnumerable<string> columns) => $"{prefix}_{table}_{string.Join("_", columns)}";

    private static string List(IEnumerable<string> items) => string.Join(", ", items.Select(Quote));

    public static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
