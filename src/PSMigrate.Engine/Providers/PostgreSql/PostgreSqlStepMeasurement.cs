using Npgsql;
using PSMigrate.Engine.Hazards;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// What a step really does to existing tables, asked of PostgreSQL inside the step's own
/// transaction: pg_locks of this backend after the statements ran (locks are held until the
/// transaction ends, so every lock the step took is still there), and pg_class.relfilenode
/// before and after (a table whose data was written out again has a new file).
/// </summary>
internal static class PostgreSqlStepMeasurement
{
    // Lock modes weakest first; from SHARE up, other sessions' writes wait.
    private static readonly string[] Modes =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ];

    private const string Relations = """
        SELECT c.oid::bigint, c.relname, c.relfilenode::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
        """;

    private const string Locks = """
        SELECT l.relation::bigint, l.mode FROM pg_locks l
        WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND l.relation IS NOT NULL
        """;

    public static IReadOnlyList<MeasuredEffect> Measure(NpgsqlConnection connection, NpgsqlTransaction transaction, Action run)
    {
        var before = Read(connection, transaction, Relations, r => (Oid: r.GetInt64(0), Name: r.GetString(1), File: r.GetInt64(2))).ToDictionary(r => r.Oid);
        run();
        var held = Read(connection, transaction, Locks, r => (Oid: r.GetInt64(0), Mode: r.GetString(1)));
        var after = Read(connection, transaction, Relations, r => (Oid: r.GetInt64(0), Name: r.GetString(1), File: r.GetInt64(2))).ToDictionary(r => r.Oid);

        var effects = new List<MeasuredEffect>();
        foreach (var (oid, modes) in held.GroupBy(l => l.Oid).Select(g => (g.Key, g.Select(l => l.Mode))))
        {
            var strongest = modes.MaxBy(m => Array.IndexOf(Modes, m))!;
            if (before.TryGetValue(oid, out var table) && Array.IndexOf(Modes, strongest) >= Array.IndexOf(Modes, "ShareLock"))
            {
                effects.Add(new MeasuredEffect(HazardKind.Lock, table.Name, $"holds {Describe(strongest)} on {table.Name} until commit: {Blocks(strongest)}"));
            }
        }

        foreach (var (oid, table) in before)
        {
            if (after.TryGetValue(oid, out var now) && now.File != table.File)
            {
                effects.Add(new MeasuredEffect(HazardKind.Rewrite, table.Name, $"rewrites table {table.Name} (it got a new data file)"));
            }
        }

        return effects;
    }

    /// <summary>'AccessExclusiveLock' as the documentation writes it: ACCESS EXCLUSIVE.</summary>
    private static string Describe(string mode) =>
        System.Text.RegularExpressions.Regex.Replace(mode[..^"Lock".Length], "(?<=[a-z])(?=[A-Z])", " ").ToUpperInvariant() + " lock";

    private static string Blocks(string mode) => mode switch
    {
        "AccessExclusiveLock" => "every read and write of it waits",
        "ExclusiveLock" => "only plain reads of it go on; writes wait",
        _ => "writes to it wait; reads go on",
    };

    private static List<T> Read<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Func<NpgsqlDataReader, T> row)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
