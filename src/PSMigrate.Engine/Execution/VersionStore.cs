using System.Data.Common;
using System.Globalization;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Execution;

/// <summary>The SQL that reads and writes the version table (current heads) and the history table.</summary>
internal sealed class VersionStore
{
    private readonly ISqlDialect dialect;
    private readonly VersionTables tables;

    public VersionStore(ISqlDialect dialect, VersionTables tables)
    {
        this.dialect = dialect;
        this.tables = tables;
    }

    private string Version => dialect.TableName(tables.Schema, tables.VersionTable);

    private string History => dialect.TableName(tables.Schema, tables.HistoryTable);

    public IReadOnlyList<string> CreateTables() => dialect.CreateVersionTables(tables);

    public bool TablesExist(DbConnection connection, DbTransaction? transaction = null)
    {
        using var command = Command(connection, transaction, dialect.TableExistsQuery(tables, tables.VersionTable));
        using var reader = command.ExecuteReader();
        return reader.Read();
    }

    public IReadOnlyList<string> ReadHeads(DbConnection connection, DbTransaction? transaction = null)
    {
        var heads = new List<string>();
        using var command = Command(connection, transaction, $"SELECT version_num FROM {Version}");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            heads.Add(reader.GetString(0));
        }

        heads.Sort(StringComparer.Ordinal);
        return heads;
    }

    public IReadOnlyList<HistoryRecord> ReadHistory(DbConnection connection)
    {
        var records = new List<HistoryRecord>();
        using var command = Command(connection, null,
            $"SELECT id, revision, direction, message, checksum, applied_at, duration_ms, applied_by, host FROM {History} ORDER BY id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(new HistoryRecord(
                Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.GetString(1),
                Enum.Parse<MigrationDirection>(reader.GetString(2), ignoreCase: true),
                Text(reader, 3),
                Text(reader, 4),
                Timestamp(reader.GetValue(5)),
                reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(Convert.ToDouble(reader.GetValue(6), CultureInfo.InvariantCulture)),
                Text(reader, 7),
                Text(reader, 8)));
        }

        return records;
    }

    /// <summary>Statements that move the version table from a step's heads before to its heads after.</summary>
    public IEnumerable<string> HeadChanges(MigrationStep step) => HeadChanges(step.RemovedHeads, step.AddedHeads);

    public IEnumerable<string> HeadChanges(IEnumerable<string> removed, IEnumerable<string> added) =>
        removed.Select(head => $"DELETE FROM {Version} WHERE version_num = {dialect.Literal(head)}")
            .Concat(added.Select(head => $"INSERT INTO {Version} (version_num) VALUES ({dialect.Literal(head)})"));

    /// <summary>Statements that record new heads without running revisions, with a 'stamp' history row per new head.</summary>
    public IEnumerable<string> StampChanges(IReadOnlyList<string> headsBefore, IReadOnlyList<string> headsAfter, DateTimeOffset? at, string? user, string? host)
    {
        var added = headsAfter.Except(headsBefore, StringComparer.Ordinal).ToArray();
        return HeadChanges(headsBefore.Except(headsAfter, StringComparer.Ordinal), added)
            .Concat(added.Select(head => HistoryInsert(head, MigrationDirection.Upgrade, "stamp", null, at, at is null ? null : TimeSpan.Zero, user, host)));
    }

    /// <summary>The history row for a step; with no stamp (offline scripts) the database fills in the time.</summary>
    public string HistoryInsert(MigrationStep step, DateTimeOffset? startedAt, TimeSpan? duration, string? user, string? host) =>
        HistoryInsert(step.Revision.Revision, step.Direction, step.Revision.Message, step.Revision.Checksum, startedAt, duration, user, host);

    public string HistoryInsert(string revision, MigrationDirection direction, string? message, string? checksum,
        DateTimeOffset? startedAt, TimeSpan? duration, string? user, string? host) =>
        $"INSERT INTO {History} (revision, direction, message, checksum, applied_at, duration_ms, applied_by, host) VALUES (" +
        string.Join(", ",
            dialect.Literal(revision),
            dialect.Literal(direction.ToString().ToLowerInvariant()),
            dialect.Literal(message),
            dialect.Literal(checksum),
            startedAt is { } at ? dialect.Literal(at) : dialect.NowExpression,
            duration is { } d ? ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "NULL",
            dialect.Literal(user),
            dialect.Literal(host)) + ")";

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Timestamp(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed.ToUniversalTime(),
        _ => null,
    };
}
