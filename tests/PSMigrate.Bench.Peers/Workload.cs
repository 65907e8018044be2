namespace PSMigrate.Bench.Peers;

/// <summary>The benchmark's revision i, the same for every tool: a table and an index on it.</summary>
public static class Workload
{
    public static string Up(int i) => $"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX ix_t{i} ON t{i} (name);";

    public static string Down(int i) => $"DROP TABLE t{i};";
}
