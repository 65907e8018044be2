using System.Diagnostics;
using PSMigrate;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Revisions;

/// <summary>Where a cold 'upgrade at head' spends its time, phase by phase, in a fresh process.</summary>
internal static class Phases
{
    public static void Run(string migrations, string connectionString)
    {
        var clock = Stopwatch.StartNew();
        void Mark(string phase)
        {
            Console.WriteLine($"{phase,-28} {clock.Elapsed.TotalMilliseconds,8:F1} ms");
            clock.Restart();
        }

        var files = Directory.GetFiles(Path.Combine(migrations, "versions"), "*.sql");
        Mark("list files");
        files = Directory.GetFiles(Path.Combine(migrations, "versions"), "*.sql");
        Mark("list files again");
        _ = RevisionDirectory.RevisionFiles(Path.Combine(migrations, "versions")).ToArray();
        Mark("revision files");
        var bytes = files.Select(File.ReadAllBytes).ToList();
        Mark("read bytes");
        var texts = bytes.Select(b => System.Text.Encoding.UTF8.GetString(b)).ToList();
        Mark("decode");
        _ = System.Security.Cryptography.SHA256.HashData(new byte[] { 1 });
        Mark("sha256 first");
        _ = texts[0].ReplaceLineEndings("\n").Split('\n');
        Mark("split first");
        _ = RevisionFileParser.IsSectionMarker("-- migrate:upgrade");
        Mark("regex first");
        _ = RevisionFileParser.Checksum(texts[0]);
        Mark("checksum first");
        _ = DateTimeOffset.TryParse("2026-11-23T10:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _);
        Mark("date first");
        _ = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["A"] = 1 }.ContainsKey("a");
        Mark("dictionary ignore case first");
        _ = "Abc".ToLowerInvariant();
        Mark("lower first");
        var first = RevisionFileParser.Parse(files[0], texts[0]);
        Mark("parse first");
        var parsed = files.Select((f, i) => RevisionFileParser.Parse(f, texts[i])).ToList();
        Mark("parse all");
        var graph = RevisionGraph.Build(parsed, Path.Combine(migrations, "versions"));
        Mark("build graph");
        var project = MigrationProject.At(migrations);
        graph = project.LoadRevisions();
        Mark($"load {graph.Revisions.Count} revisions again");
        var database = DatabaseTargetResolver.Resolve(new MigrationSettings(), migrations, migrations, connectionString, null, null);
        var migrator = new Migrator(graph, database);
        Mark("resolve database");
        var state = migrator.ReadState();
        Mark($"read state ({state.History.Count} rows)");
        _ = migrator.Drift(state);
        Mark("drift");
        _ = migrator.Plan(MigrationDirection.Upgrade, "heads", state.Heads);
        Mark("plan");
        _ = migrator.ReadState();
        Mark("read state again (warm)");
    }
}

/// <summary>An upgrade of every revision and back, in process, timed whole.</summary>
internal static class UpDown
{
    public static void Run(string migrations, string connectionString, int rounds)
    {
        var graph = MigrationProject.At(migrations).LoadRevisions();
        var database = DatabaseTargetResolver.Resolve(new MigrationSettings(), migrations, migrations, connectionString, null, null);
        for (var i = 0; i < rounds; i++)
        {
            var migrator = new Migrator(graph, database);
            var clock = Stopwatch.StartNew();
            var up = migrator.Run(MigrationDirection.Upgrade, "heads");
            var upMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var down = migrator.Run(MigrationDirection.Downgrade, "base");
            Console.WriteLine($"up {up.Count} in {upMs:F0} ms, down {down.Count} in {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
    }
}

/// <summary>Bytes allocated by each part of a cold upgrade of every revision, in process.</summary>
internal static class Allocations
{
    public static void Run(string migrations, string connectionString)
    {
        var before = GC.GetTotalAllocatedBytes(true);
        void Mark(string phase)
        {
            var now = GC.GetTotalAllocatedBytes(true);
            Console.WriteLine($"{phase,-28} {(now - before) / 1048576.0,8:F2} MB");
            before = now;
        }

        var versions = Path.Combine(migrations, "versions");
        var files = RevisionDirectory.RevisionFiles(versions).ToArray();
        Mark($"list {files.Length} files");
        var texts = files.Select(RevisionText.Read).ToList();
        Mark("read and decode");
        var parsed = files.Select((f, i) => RevisionFileParser.Parse(f, texts[i])).ToList();
        Mark("parse");
        _ = RevisionGraph.Build(parsed, versions);
        Mark("build graph");
        var graph = MigrationProject.At(migrations).LoadRevisions();
        Mark("load revisions (all of it)");
        _ = new PSMigrate.Engine.Planning.MigrationPlanner(graph).PlanUpgrade("heads", []);
        Mark("plan base -> heads");
        var database = DatabaseTargetResolver.Resolve(new MigrationSettings(), migrations, migrations, connectionString, null, null);
        var migrator = new Migrator(graph, database);
        Mark("resolve database");
        var plan = migrator.Preview(new MigrationTarget(MigrationDirection.Upgrade, "heads"));
        Mark($"preview {plan.Count} steps");
        var state = migrator.ReadState();
        Mark($"read state ({state.History.Count} rows)");
        var up = migrator.Run(MigrationDirection.Upgrade, "heads");
        Mark($"run {up.Count} steps");
        state = migrator.ReadState();
        Mark($"read state ({state.History.Count} rows)");
        _ = migrator.Drift(state);
        Mark("drift");
        _ = migrator.Run(MigrationDirection.Upgrade, "heads");
        Mark("noop");
        var down = migrator.Run(MigrationDirection.Downgrade, "base");
        Mark($"down {down.Count} steps");
    }
}
