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
        var writers = columns.Select(c => types.TryGetValue(c, out var t) ? WriterFor(t)
            : throw new MigrationException(MigrationErrors.SchemaObjectNotFound,
                $"Table '{table}' has no column '{c}'; its columns are {string.Join(", ", types.Keys)}.", table)).ToArray();

        using var importer = connection.BeginBinaryImport(
            $"COPY {qualified} ({string.Join(", ", columns.Select(dialect.QuoteIdentifier))}) FROM STDIN (FORMAT BINARY)");
        long count = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < writers.Length; i++)
            {
                if (row[i] is null or DBNull)
                {
                    importer.WriteNull();
                }
                else
                {
                    writers[i](importer, row[i]!);
                }
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

    // Chosen once per column, not per value: a million rows of three columns are three million writes.
    private static Action<NpgsqlBinaryImporter, object> WriterFor(string type)
    {
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            "int2" => (i, v) => i.Write(v is short n ? n : Convert.ToInt16(v, c), NpgsqlDbType.Smallint),
            "int4" => (i, v) => i.Write(v is int n ? n : Convert.ToInt32(v, c), NpgsqlDbType.Integer),
            "int8" => (i, v) => i.Write(v is long n ? n : Convert.ToInt64(v, c), NpgsqlDbType.Bigint),
            "numeric" => (i, v) => i.Write(Convert.ToDecimal(v, c), NpgsqlDbType.Numeric),
            "float4" => (i, v) => i.Write(Convert.ToSingle(v, c), NpgsqlDbType.Real),
            "float8" => (i, v) => i.Write(Convert.ToDouble(v, c), NpgsqlDbType.Double),
            "bool" => (i, v) => i.Write(v is string text ? bool.Parse(text) : Convert.ToBoolean(v, c), NpgsqlDbType.Boolean),
            "uuid" => (i, v) => i.Write(v is Guid g ? g : Guid.Parse(v.ToString()!), NpgsqlDbType.Uuid),
            "date" => (i, v) => i.Write(v switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), _ => DateOnly.Parse(v.ToString()!, c) }, NpgsqlDbType.Date),
            "timestamp" => (i, v) => i.Write(DateTime.SpecifyKind(ToDateTime(v), DateTimeKind.Unspecified), NpgsqlDbType.Timestamp),
            "timestamptz" => (i, v) => i.Write(ToDateTimeOffset(v).UtcDateTime, NpgsqlDbType.TimestampTz),
            "bytea" => (i, v) => i.Write(v as byte[] ?? Convert.FromBase64String(v.ToString()!), NpgsqlDbType.Bytea),
            "jsonb" => (i, v) => i.Write(v.ToString()!, NpgsqlDbType.Jsonb),
            "json" => (i, v) => i.Write(v.ToString()!, NpgsqlDbType.Json),
            _ => (i, v) => i.Write(v as string ?? Convert.ToString(v, c)!, NpgsqlDbType.Text),
        };
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
