using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// Rows into PostgreSQL by binary COPY. Binary COPY needs each value as exactly the column's
/// type, so values from PowerShell (ints, strings from a CSV) are converted first.
/// </summary>
internal static class PostgreSqlCopy
{
    public static long Import(NpgsqlConnection connection, ISqlDialect dialect, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var name = QualifiedName.Parse(table);
        var qualified = dialect.TableName(name.Schema, name.Name);
        var types = ColumnTypes(connection, qualified, table);
        var targets = columns.Select(c => types.TryGetValue(c, out var t) ? t
            : throw new MigrationException(MigrationErrors.SchemaObjectNotFound,
                $"Table '{table}' has no column '{c}'; its columns are {string.Join(", ", types.Keys)}.", table)).ToArray();

        using var importer = connection.BeginBinaryImport(
            $"COPY {qualified} ({string.Join(", ", columns.Select(dialect.QuoteIdentifier))}) FROM STDIN (FORMAT BINARY)");
        long count = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < targets.Length; i++)
            {
                Write(importer, row[i], targets[i]);
            }

            count++;
        }

        importer.Complete();
        return count;
    }

    private static Dictionary<string, string> ColumnTypes(NpgsqlConnection connection, string qualified, string table)
    {
        using var command = new NpgsqlCommand(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid " +
            "WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped", connection);
        command.Parameters.AddWithValue("table", qualified);
        using var reader = command.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types.Count > 0
            ? types
            : throw new MigrationException(MigrationErrors.SchemaObjectNotFound, $"There is no table '{table}'.", table);
    }

    private static void Write(NpgsqlBinaryImporter importer, object? value, string type)
    {
        if (value is null or DBNull)
        {
            importer.WriteNull();
            return;
        }

        var text = value as string;
        var c = CultureInfo.InvariantCulture;
        switch (type)
        {
            case "int2": importer.Write(Convert.ToInt16(value, c), NpgsqlDbType.Smallint); break;
            case "int4": importer.Write(Convert.ToInt32(value, c), NpgsqlDbType.Integer); break;
            case "int8": importer.Write(Convert.ToInt64(value, c), NpgsqlDbType.Bigint); break;
            case "numeric": importer.Write(Convert.ToDecimal(value, c), NpgsqlDbType.Numeric); break;
            case "float4": importer.Write(Convert.ToSingle(value, c), NpgsqlDbType.Real); break;
            case "float8": importer.Write(Convert.ToDouble(value, c), NpgsqlDbType.Double); break;
            case "bool": importer.Write(text is null ? Convert.ToBoolean(value, c) : bool.Parse(text), NpgsqlDbType.Boolean); break;
            case "uuid": importer.Write(value is Guid g ? g : Guid.Parse(value.ToString()!), NpgsqlDbType.Uuid); break;
            case "date": importer.Write(value switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), _ => DateOnly.Parse(value.ToString()!, c) }, NpgsqlDbType.Date); break;
            case "timestamp": importer.Write(DateTime.SpecifyKind(ToDateTime(value), DateTimeKind.Unspecified), NpgsqlDbType.Timestamp); break;
            case "timestamptz": importer.Write(ToDateTimeOffset(value).UtcDateTime, NpgsqlDbType.TimestampTz); break;
            case "bytea": importer.Write(value as byte[] ?? Convert.FromBase64String(value.ToString()!), NpgsqlDbType.Bytea); break;
            case "jsonb": importer.Write(value.ToString()!, NpgsqlDbType.Jsonb); break;
            case "json": importer.Write(value.ToString()!, NpgsqlDbType.Json); break;
            default: importer.Write(Convert.ToString(value, c)!, NpgsqlDbType.Text); break;
        }
    }

    private static DateTime ToDateTime(object value) => value switch
    {
        DateTime t => t,
        DateTimeOffset o => o.DateTime,
        _ => DateTime.Parse(value.ToString()!, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset ToDateTimeOffset(object value) => value switch
    {
        DateTimeOffset o => o,
        DateTime t => new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t),
        _ => DateTimeOffset.Parse(value.ToString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };
}
