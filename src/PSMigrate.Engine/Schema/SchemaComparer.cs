using K = PSMigrate.SchemaDifferenceKind;

namespace PSMigrate.Engine.Schema;

/// <summary>
/// The differences between two schemas of one engine, as changes from the first to the second.
/// Tables, columns, indexes and views match by name (or by a rename hint); keys, checks and
/// foreign keys match by what they say, not by name, because the engine names them itself
/// where DDL did not (users_pkey, pk_users, sqlite's none).
/// </summary>
internal sealed class SchemaComparer(DatabaseSchema before, DatabaseSchema after, SchemaRenames renames)
{
    private readonly StringComparer names = after.Names;
    private readonly List<SchemaDifference> differences = [];

    public static IReadOnlyList<SchemaDifference> Compare(DatabaseSchema before, DatabaseSchema after, SchemaRenames? renames = null) =>
        new SchemaComparer(before, after, renames ?? SchemaRenames.None).Run();

    private IReadOnlyList<SchemaDifference> Run()
    {
        CheckRenames();
        var matched = new HashSet<string>(names);
        var removed = new List<SchemaTable>();
        foreach (var old in before.Tables)
        {
            var newName = renames.NewTableName(old.Name, names);
            if (newName is not null && after.Table(newName) is { } renamed)
            {
                Add(K.TableRenamed, old.Name, null, old.Name, renamed.Name, false, $"Table '{old.Name}' is renamed to '{renamed.Name}'.", old, renamed);
                matched.Add(renamed.Name);
                CompareTables(old, renamed);
            }
            else if (after.Table(old.Name) is { } same)
            {
                matched.Add(same.Name);
                CompareTables(old, same);
            }
            else
            {
                removed.Add(old);
                Add(K.TableRemoved, old.Name, null, Shape(old), null, true, $"Table '{old.Name}' is dropped, with its rows.", old, null);
            }
        }

        var added = after.Tables.Where(t => !matched.Contains(t.Name)).ToList();
        foreach (var table in added)
        {
            Add(K.TableAdded, table.Name, null, null, Shape(table), false, $"Table '{table.Name}' is created.", null, table);
        }

        foreach (var (gone, created) in removed.SelectMany(r => added.Where(a => SameColumns(r, a)).Select(a => (r, a))))
        {
            Add(K.PossibleRename, gone.Name, created.Name, gone.Name, created.Name, false,
                $"Table '{gone.Name}' is dropped and '{created.Name}' created with the same columns: if it is a rename, say -Rename '{gone.Name}={created.Name}' to keep the rows.", gone, created);
        }

        CompareViews();
        return differences;
    }

    private void CheckRenames()
    {
        foreach (var (from, to) in renames.Tables)
        {
            if (before.Table(from) is null || after.Table(to) is null)
            {
                throw SchemaRenames.Invalid($"{from}={to}",
                    before.Table(from) is null ? $"there is no table '{from}' to rename" : $"the desired schema has no table '{to}'");
            }
        }

        foreach (var (table, from, to) in renames.Columns)
        {
            var old = before.Table(table) ?? before.Tables.FirstOrDefault(t => names.Equals(renames.NewTableName(t.Name, names), table));
            var newTable = after.Table(renames.NewTableName(table, names) ?? table) ?? after.Table(table);
            if (old?.Column(from, names) is null || newTable?.Column(to, names) is null)
            {
                throw SchemaRenames.Invalid($"{table}.{from}={to}",
                    old?.Column(from, names) is null ? $"table '{table}' has no column '{from}' to rename" : $"the desired table '{table}' has no column '{to}'");
            }
        }
    }

    private void CompareTables(SchemaTable old, SchemaTable @new)
    {
        var table = @new.Name;
        var columnMap = new Dictionary<string, string>(names);
        var removed = new List<SchemaColumn>();
        foreach (var column in old.Columns)
        {
            var renamedTo = renames.NewColumnName(old.Name, @new.Name, column.Name, names);
            var match = renamedTo is not null ? @new.Column(renamedTo, names) : @new.Column(column.Name, names);
            if (match is null)
            {
                removed.Add(column);
                Add(K.ColumnRemoved, table, column.Name, column.ToString(), null, true, $"Column '{table}.{column.Name}' is dropped, with its values.", column, null);
                continue;
            }

            columnMap[column.Name] = match.Name;
            if (renamedTo is not null)
            {
                Add(K.ColumnRenamed, table, column.Name, column.Name, match.Name, false, $"Column '{table}.{column.Name}' is renamed to '{match.Name}'.", column, match);
            }

            CompareColumns(table, column, match);
        }

        var added = @new.Columns.Where(c => !columnMap.Values.Contains(c.Name, names)).ToList();
        foreach (var column in added)
        {
            Add(K.ColumnAdded, table, column.Name, null, column.ToString(), false, $"Column '{table}.{column.Name}' ({column.Type}) is added.", null, column);
        }

        foreach (var (gone, created) in removed.SelectMany(r => added.Where(a => SchemaText.Type(a.Type) == SchemaText.Type(r.Type)).Select(a => (r, a))))
        {
            Add(K.PossibleRename, table, created.Name, gone.Name, created.Name, false,
                $"Column '{table}.{gone.Name}' is dropped and '{created.Name}' added with the same type: if it is a rename, say -Rename '{table}.{gone.Name}={created.Name}' to keep the values.", gone, created);
        }

        string Renamed(string column) => columnMap.GetValueOrDefault(column) ?? column;
        IReadOnlyList<string> Mapped(IEnumerable<string> columns) => columns.Select(Renamed).ToList();

        var oldKey = old.PrimaryKey is null ? null : SchemaText.List(Mapped(old.PrimaryKey.Columns));
        var newKey = @new.PrimaryKey is null ? null : SchemaText.List(@new.PrimaryKey.Columns);
        if (!string.Equals(oldKey, newKey, StringComparison.OrdinalIgnoreCase))
        {
            Add(K.PrimaryKeyChanged, table, @new.PrimaryKey?.Name ?? old.PrimaryKey?.Name, oldKey, newKey, false,
                $"The primary key of '{table}' changes from {oldKey ?? "none"} to {newKey ?? "none"}.", old.PrimaryKey, @new.PrimaryKey);
        }

        Sets(table, old.UniqueConstraints, @new.UniqueConstraints, u => SchemaText.List(Mapped(u.Columns)).ToLowerInvariant(), u => SchemaText.List(u.Columns).ToLowerInvariant(),
            K.UniqueRemoved, K.UniqueAdded, u => u.Name, u => $"UNIQUE {u}", "unique constraint");
        Sets(table, old.CheckConstraints, @new.CheckConstraints, c => SchemaText.Expression(c.Expression), c => SchemaText.Expression(c.Expression),
            K.CheckRemoved, K.CheckAdded, c => c.Name, c => c.ToString(), "check constraint");
        Sets(table, old.ForeignKeys, @new.ForeignKeys, f => ForeignKeyShape(f with { Columns = Mapped(f.Columns), ReferencedTable = renames.NewTableName(f.ReferencedTable, names) ?? f.ReferencedTable }),
            ForeignKeyShape, K.ForeignKeyRemoved, K.ForeignKeyAdded, f => f.Name, f => f.ToString(), "foreign key");

        foreach (var index in old.Indexes)
        {
            if (@new.Indexes.FirstOrDefault(i => names.Equals(i.Name, index.Name)) is not { } match)
            {
                Add(K.IndexRemoved, table, index.Name, index.Definition, null, false, $"Index '{index.Name}' on '{table}' is dropped.", index, null);
            }
            else if (!SameIndex(index, match, Mapped))
            {
                Add(K.IndexChanged, table, index.Name, index.Definition, match.Definition, false, $"Index '{index.Name}' on '{table}' changes: {match.Definition}", index, match);
            }
        }

        foreach (var index in @new.Indexes.Where(i => !old.Indexes.Any(o => names.Equals(o.Name, i.Name))))
        {
            Add(K.IndexAdded, table, index.Name, null, index.Definition, false, $"Index '{index.Name}' on '{table}' is created.", null, index);
        }
    }

    private void CompareColumns(string table, SchemaColumn old, SchemaColumn @new)
    {
        var where = $"'{table}.{@new.Name}'";
        if (SchemaText.Type(old.Type) != SchemaText.Type(@new.Type))
        {
            var loses = !SchemaText.Widens(old.Type, @new.Type);
            Add(K.ColumnTypeChanged, table, @new.Name, old.Type, @new.Type, loses,
                $"Column {where} changes type from {old.Type} to {@new.Type}{(loses ? ", which may not keep every value" : string.Empty)}.", old, @new);
        }

        if (old.IsNullable != @new.IsNullable)
        {
            Add(K.NullabilityChanged, table, @new.Name, old.IsNullable ? "NULL" : "NOT NULL", @new.IsNullable ? "NULL" : "NOT NULL", false,
                $"Column {where} becomes {(@new.IsNullable ? "nullable" : "NOT NULL")}.", old, @new);
        }

        if (!SchemaText.SameExpression(old.Default, @new.Default))
        {
            Add(K.DefaultChanged, table, @new.Name, old.Default, @new.Default, false,
                $"The default of column {where} changes from {old.Default ?? "none"} to {@new.Default ?? "none"}.", old, @new);
        }

        if (old.IsIdentity != @new.IsIdentity)
        {
            Add(K.IdentityChanged, table, @new.Name, old.IsIdentity.ToString(), @new.IsIdentity.ToString(), false,
                $"Column {where} {(@new.IsIdentity ? "becomes" : "is no longer")} an identity (auto-numbered) column.", old, @new);
        }
    }

    private void Sets<T>(string table, IReadOnlyList<T> old, IReadOnlyList<T> @new, Func<T, string> oldShape, Func<T, string> newShape,
        K removedKind, K addedKind, Func<T, string?> name, Func<T, string> text, string what)
        where T : class
    {
        var oldShapes = old.Select(oldShape).ToList();
        var newShapes = @new.Select(newShape).ToList();
        for (var i = 0; i < old.Count; i++)
        {
            if (!newShapes.Contains(oldShapes[i]))
            {
                Add(removedKind, table, name(old[i]), text(old[i]), null, false, $"The {what} {text(old[i])} of '{table}' is dropped.", old[i], null);
            }
        }

        for (var i = 0; i < @new.Count; i++)
        {
            if (!oldShapes.Contains(newShapes[i]))
            {
                Add(addedKind, table, name(@new[i]), null, text(@new[i]), false, $"The {what} {text(@new[i])} is added to '{table}'.", null, @new[i]);
            }
        }
    }

    private void CompareViews()
    {
        foreach (var view in before.Views)
        {
            if (after.Views.FirstOrDefault(v => names.Equals(v.Name, view.Name)) is not { } match)
            {
                Add(K.ViewRemoved, view.Name, null, view.Definition, null, false, $"View '{view.Name}' is dropped.", view, null);
            }
            else if (!SchemaText.SameExpression(view.Definition, match.Definition))
            {
                Add(K.ViewChanged, view.Name, null, view.Definition, match.Definition, false, $"View '{view.Name}' changes its definition.", view, match);
            }
        }

        foreach (var view in after.Views.Where(v => !before.Views.Any(o => names.Equals(o.Name, v.Name))))
        {
            Add(K.ViewAdded, view.Name, null, null, view.Definition, false, $"View '{view.Name}' is created.", null, view);
        }
    }

    private bool SameIndex(SchemaIndex old, SchemaIndex @new, Func<IEnumerable<string>, IReadOnlyList<string>> mapped) =>
        old.IsExpression || @new.IsExpression
            ? SchemaText.SameExpression(old.Definition, @new.Definition)
            : old.IsUnique == @new.IsUnique && SchemaText.SameExpression(old.Where, @new.Where) &&
              mapped(old.Columns).SequenceEqual(@new.Columns, names);

    private static string ForeignKeyShape(SchemaForeignKey key) =>
        $"{SchemaText.List(key.Columns)}>{key.ReferencedTable}{SchemaText.List(key.ReferencedColumns)}/{key.OnDelete}/{key.OnUpdate}".ToLowerInvariant();

    private bool SameColumns(SchemaTable a, SchemaTable b) =>
        a.Columns.Count == b.Columns.Count && a.Columns.All(c => b.Column(c.Name, names) is { } other && SchemaText.Type(other.Type) == SchemaText.Type(c.Type));

    private static string Shape(SchemaTable table) => $"{table.Name} ({string.Join(", ", table.Columns)})";

    private void Add(K kind, string table, string? name, string? oldText, string? newText, bool isDataLoss, string description, object? oldObject, object? newObject) =>
        differences.Add(new SchemaDifference(kind, table, name, oldText, newText, isDataLoss)
        {
            Description = description,
            OldObject = oldObject,
            NewObject = newObject,
        });
}
