using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using Xunit.Abstractions;

namespace PSMigrate.Engine.Tests.Alembic;

/// <summary>
/// The revision graph checked against Alembic 1.8.1 itself: the same graphs, the same starting
/// version rows, the same upgrades, downgrades and stamps, run through Alembic (its revisions
/// log 'up x' / 'down x') and through PSMigrate. The revisions run, the version rows left and
/// error vs no error must agree, except for the differences the README lists.
/// </summary>
public sealed partial class AlembicDifferentialTests(ITestOutputHelper output)
{
    private const int MinimumCases = 500;

    [AlembicFact]
    public void PsMigrateAgreesWithAlembicOnEveryGraphShapeAndOperation()
    {
        var graphs = DifferentialGraphs.Named.Concat(DifferentialGraphs.Random(10, seed: 20261123)).ToList();
        var cases = graphs.Select((g, i) => DifferentialCases.For(g, new Random(1000 + i)).ToList()).ToList();
        var oracle = AlembicOracle.Run(graphs, cases);

        var compared = 0;
        var allowed = new Dictionary<string, int>();
        var unexpected = new List<string>();
        var root = Path.Combine(Path.GetTempPath(), "psmigrate-differential-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            for (var g = 0; g < graphs.Count; g++)
            {
                var folder = PsMigrateSide.Write(Path.Combine(root, $"g{g}"), graphs[g]);
                for (var c = 0; c < cases[g].Count; c++)
                {
                    var alembic = oracle[g][c];
                    if (alembic.Start is null)
                    {
                        continue;
                    }

                    var psmigrate = PsMigrateSide.Run(folder, alembic.Start, cases[g][c]);
                    compared++;
                    var difference = Difference(alembic, psmigrate);
                    if (difference is null)
                    {
                        continue;
                    }

                    var reason = DocumentedDifference(graphs[g], cases[g][c], alembic, psmigrate);
                    if (reason is not null)
                    {
                        allowed[reason] = allowed.GetValueOrDefault(reason) + 1;
                        if (Environment.GetEnvironmentVariable("PSMIGRATE_SHOW_DIFFERENCES") is "1")
                        {
                            output.WriteLine($"  [{reason}] {graphs[g].Name}: from ({string.Join(", ", alembic.Start)}) {cases[g][c]}: {difference}");
                        }
                    }
                    else
                    {
                        unexpected.Add($"{graphs[g].Name}: from ({string.Join(", ", alembic.Start)}) {cases[g][c]}: {difference}");
                    }
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }

        output.WriteLine($"Compared {compared} cases on {graphs.Count} graphs with Alembic {AlembicOracle.Version}: " +
                         $"{compared - allowed.Values.Sum() - unexpected.Count} identical, {allowed.Values.Sum()} documented differences, {unexpected.Count} unexpected.");
        foreach (var (reason, count) in allowed.OrderBy(a => a.Key))
        {
            output.WriteLine($"  documented: {reason}: {count}");
        }

        foreach (var line in unexpected.Take(60))
        {
            output.WriteLine("  UNEXPECTED " + line);
        }

        Assert.True(compared >= MinimumCases, $"only {compared} cases compared");
        Assert.All(Documented, reason => Assert.True(allowed.ContainsKey(reason), $"no case showed the documented difference '{reason}'"));
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} unexpected difference(s) from Alembic; first: {string.Join(" | ", unexpected.Take(5))}");
    }

    /// <summary>How two outcomes differ, or null: error vs no error, the revisions run, the version rows left.</summary>
    private static string? Difference(Outcome alembic, Outcome psmigrate)
    {
        if ((alembic.Error is null) != (psmigrate.Error is null))
        {
            return alembic.Error is null
                ? $"PSMigrate refused ({psmigrate.Error}) where Alembic ran [{string.Join(", ", alembic.Steps)}] to ({string.Join(", ", alembic.End!)})"
                : $"Alembic refused ({alembic.Error}) where PSMigrate ran [{string.Join(", ", psmigrate.Steps)}] to ({string.Join(", ", psmigrate.End!)})";
        }

        if (alembic.Error is not null)
        {
            return null;
        }

        if (!alembic.Steps.Order().SequenceEqual(psmigrate.Steps.Order()))
        {
            return $"steps differ: Alembic [{string.Join(", ", alembic.Steps)}], PSMigrate [{string.Join(", ", psmigrate.Steps)}]";
        }

        return alembic.End!.SequenceEqual(psmigrate.End!)
            ? null
            : $"version rows differ: Alembic ({string.Join(", ", alembic.End!)}), PSMigrate ({string.Join(", ", psmigrate.End!)})";
    }

    [GeneratedRegex(@"^-\d+$")]
    private static partial Regex RelativeDown();

    [GeneratedRegex(@"^(?:(?<left>[^@]+)@)?(?<symbol>[A-Za-z0-9_]+)?(?<sign>[+-])(?<count>\d+)$")]
    private static partial Regex Relative();

    /// <summary>The README's "Differences from Alembic", each recognised by what it is; anything else is unexpected.</summary>
    private static string? DocumentedDifference(DifferentialGraph graph, DifferentialCase @case, Outcome alembic, Outcome psmigrate)
    {
        var target = @case.Target;
        var labels = graph.Revisions.SelectMany(r => r.Labels).ToHashSet();
        var ids = graph.Revisions.Select(r => r.Id).ToHashSet();

        if (@case.Kind == "downgrade" && RelativeDown().IsMatch(target) && alembic.Start!.Count > 1 &&
            psmigrate.Error?.StartsWith("PSMigrate.RelativeFromSeveralHeads", StringComparison.Ordinal) == true)
        {
            return "-N with several heads is refused";
        }

        if (@case.Kind == "downgrade" && target is "head" or "heads" && psmigrate.Error?.StartsWith("PSMigrate.DowngradeToHead", StringComparison.Ordinal) == true)
        {
            return "head/heads as a downgrade target is an error";
        }

        if (@case.Kind == "downgrade" && target.EndsWith("@base", StringComparison.Ordinal) && psmigrate.Error is null)
        {
            return "Undo-Migration <label>@base reverts only that branch";
        }

        // Alembic matches a partial id only against ids longer than three characters.
        var symbol = Relative().Match(target) is { Success: true } relative ? relative.Groups["symbol"].Value : target.Split('@')[^1];
        var matches = ids.Where(id => id.StartsWith(symbol, StringComparison.Ordinal)).ToList();
        if (symbol.Length > 0 && !ids.Contains(symbol) && !labels.Contains(symbol) && matches.Count == 1 && matches[0].Length <= 3 &&
            alembic.Error is not null && psmigrate.Error is null)
        {
            return "a unique prefix of any revision id is a partial id";
        }

        if (Relative().IsMatch(target) && alembic.Error is not null && psmigrate.Error is null &&
            psmigrate.Steps.Concat(alembic.Start!).Any(s => graph.Revisions.First(r => r.Id == s.Split(' ')[^1]).Down.Length > 1))
        {
            return "relative steps across a merge are allowed";
        }

        if (Relative().Match(target) is { Success: true } inBranch && inBranch.Groups["left"].Success && labels.Contains(inBranch.Groups["left"].Value) &&
            !inBranch.Groups["symbol"].Success)
        {
            return "<label>@+N / <label>@-N count inside the branch";
        }

        if (@case.Kind == "stamp" && (target == "heads" || target.EndsWith("@heads", StringComparison.Ordinal)) &&
            alembic.Error is null && psmigrate.Error is null && alembic.End!.All(psmigrate.End!.Contains))
        {
            return "a stamp of several revisions moves each branch's row on its own";
        }

        return null;
    }

    /// <summary>Every documented difference must show up at least once, so none is allowed by a rule nothing exercises.</summary>
    private static readonly string[] Documented =
    [
        "-N with several heads is refused",
        "head/heads as a downgrade target is an error",
        "Undo-Migration <label>@base reverts only that branch",
        "a unique prefix of any revision id is a partial id",
        "relative steps across a merge are allowed",
        "<label>@+N / <label>@-N count inside the branch",
        "a stamp of several revisions moves each branch's row on its own",
    ];
}

/// <summary>A case: start operations (run by Alembic, whose version rows both sides then start from) and one operation.</summary>
internal sealed record DifferentialCase(string[][] Start, string Kind, string Target, bool Purge = false)
{
    public override string ToString() => $"{Kind} {Target}{(Purge ? " (purge)" : string.Empty)}";
}

/// <summary>What one side did: the version rows it started from, the steps it ran, the rows it left, or its error.</summary>
internal sealed record Outcome(IReadOnlyList<string>? Start, IReadOnlyList<string> Steps, IReadOnlyList<string>? End, string? Error);

/// <summary>Cases for a graph: every kind of target from a set of starting points, sampled with a fixed seed.</summary>
internal static class DifferentialCases
{
    private const int PerGraph = 70;

    /// <summary>The issue's own examples and one case per documented difference, always run.</summary>
    private static readonly Dictionary<string, DifferentialCase[]> Fixed = new()
    {
        ["depends on another branch"] =
        [
            new([["upgrade", "c2"]], "downgrade", "b2"),
            new([["upgrade", "c2"]], "upgrade", "-2"),
            new([["upgrade", "c2"]], "downgrade", "lib2@base"),
            new([["upgrade", "c2"], ["upgrade", "f1"]], "downgrade", "-1"),
        ],
        ["dependent roots"] = [new([["upgrade", "base2"]], "downgrade", "base1"), new([["upgrade", "heads"]], "stamp", "heads")],
        ["merge of a dependency"] = [new([["upgrade", "bmerge"]], "downgrade", "a1"), new([["upgrade", "c"]], "downgrade", "-2"), new([], "upgrade", "a")],
        ["branched"] =
        [
            new([["upgrade", "b"]], "upgrade", "c1branch@base"),
            new([["upgrade", "c2"], ["upgrade", "d1"]], "stamp", "c1branch@base"),
            new([["upgrade", "d1"], ["upgrade", "d2"]], "downgrade", "d1@b"),
            new([["upgrade", "c1"], ["upgrade", "d2"]], "downgrade", "c1branch@b"),
            new([["upgrade", "d1"], ["upgrade", "d2"]], "downgrade", "c2branch@head-1"),
            new([], "upgrade", "c2branch@base+1"),
            new([], "upgrade", "base+2"),
            new([["upgrade", "c1"]], "upgrade", "c1branch@heads"),
            new([["upgrade", "b"]], "upgrade", "c2branch"),
            new([["upgrade", "b"]], "upgrade", "c2branch@+1"),
            new([["upgrade", "c1"]], "stamp", "c2branch"),
            new([["upgrade", "d1"], ["upgrade", "d2"]], "downgrade", "heads"),
            new([["upgrade", "d1"], ["upgrade", "d2"]], "downgrade", "-1"),
            new([["upgrade", "c1"], ["upgrade", "c2"]], "stamp", "heads"),
        ],
        ["merged"] = [new([["upgrade", "e"]], "downgrade", "-2")],
        ["shared prefixes"] = [new([], "upgrade", "b7"), new([], "upgrade", "ae2"), new([["upgrade", "ae2c"]], "downgrade", "ae1")],
    };

    public static IEnumerable<DifferentialCase> For(DifferentialGraph graph, Random random) =>
        (Fixed.GetValueOrDefault(graph.Name) ?? []).Concat(Sampled(graph, random));

    private static IEnumerable<DifferentialCase> Sampled(DifferentialGraph graph, Random random)
    {
        var ids = graph.Revisions.Select(r => r.Id).ToList();
        var labels = graph.Revisions.SelectMany(r => r.Labels).ToList();
        var starts = new List<string[][]> { Array.Empty<string[]>(), new[] { new[] { "upgrade", "heads" } } };
        starts.AddRange(ids.Select(id => new[] { new[] { "upgrade", id } }));
        for (var i = 0; i < 3; i++)
        {
            starts.Add(new[] { new[] { "upgrade", ids[random.Next(ids.Count)] }, new[] { "upgrade", ids[random.Next(ids.Count)] } });
        }

        var prefixes = ids.Where(id => id.Length >= 4).SelectMany(id => new[] { id[..2], id[..3] }).Distinct().ToList();
        var upgrade = ids.Concat(["heads", "head", "+1", "+2", "-1", "base+1", "base+2"])
            .Concat(labels.SelectMany(l => new[] { l, $"{l}@head", $"{l}@heads", $"{l}@+1", $"{l}@base", $"{l}@base+1" }))
            .Concat(ids.Take(4).Select(id => $"{id}@head"))
            .Concat(ids.Take(3).Select(id => $"{id}+1"))
            .Concat(prefixes);
        var downgrade = ids.Concat(["base", "-1", "-2", "+1", "head", "heads"])
            .Concat(labels.SelectMany(l => new[] { $"{l}@base", $"{l}@-1", $"{l}@head-1" }.Concat(ids.Take(5).Select(id => $"{l}@{id}"))))
            .Concat(ids.Take(5).Select(id => $"{id}@base"))
            .Concat(ids.Take(4).SelectMany(id => ids.Take(3).Select(other => $"{id}@{other}")))
            .Concat(ids.Take(3).Select(id => $"{id}-1"))
            .Concat(prefixes);
        var stamp = ids.Concat(["heads", "head", "base"]).Concat(labels.SelectMany(l => new[] { l, $"{l}@base", $"{l}@head" }));

        var all = new List<DifferentialCase>();
        foreach (var start in starts)
        {
            all.AddRange(upgrade.Select(t => new DifferentialCase(start, "upgrade", t)));
            all.AddRange(downgrade.Select(t => new DifferentialCase(start, "downgrade", t)));
            all.AddRange(stamp.Select(t => new DifferentialCase(start, "stamp", t)));
            all.AddRange(stamp.Take(3).Select(t => new DifferentialCase(start, "stamp", t, Purge: true)));
        }

        return all.OrderBy(_ => random.Next()).Take(PerGraph);
    }
}

/// <summary>Alembic itself, through alembic_oracle.py and Debian's python3-alembic.</summary>
internal static class AlembicOracle
{
    public static string Python => "/usr/bin/python3";

    public static string? Version { get; private set; }

    public static List<List<Outcome>> Run(IReadOnlyList<DifferentialGraph> graphs, IReadOnlyList<List<DifferentialCase>> cases)
    {
        var spec = new JsonObject
        {
            ["graphs"] = new JsonArray(graphs.Select((g, i) => (JsonNode)new JsonObject
            {
                ["name"] = g.Name,
                ["revisions"] = new JsonArray(g.Revisions.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Id,
                    ["down"] = new JsonArray(r.Down.Select(d => (JsonNode)d!).ToArray()),
                    ["labels"] = new JsonArray(r.Labels.Select(d => (JsonNode)d!).ToArray()),
                    ["depends"] = new JsonArray(r.Depends.Select(d => (JsonNode)d!).ToArray()),
                }).ToArray()),
                ["cases"] = new JsonArray(cases[i].Select(c => (JsonNode)new JsonObject
                {
                    ["start"] = new JsonArray(c.Start.Select(s => (JsonNode)new JsonArray(s.Select(x => (JsonNode)x!).ToArray())).ToArray()),
                    ["kind"] = c.Kind,
                    ["target"] = c.Target,
                    ["purge"] = c.Purge,
                }).ToArray()),
            }).ToArray()),
        };

        var script = Path.Combine(AppContext.BaseDirectory, "Alembic", "alembic_oracle.py");
        var start = new ProcessStartInfo(Python, [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(spec.ToJsonString());
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "alembic_oracle.py failed: " + stderr.Result);

        var result = JsonNode.Parse(stdout.Result)!;
        Version = result["alembic"]!.GetValue<string>();
        return result["graphs"]!.AsArray().Select(g => g!["cases"]!.AsArray().Select(c => new Outcome(
            c!["start"] is JsonArray s ? s.Select(x => x!.GetValue<string>()).ToList() : null,
            c["steps"]!.AsArray().Select(x => x!.GetValue<string>()).ToList(),
            c["end"] is JsonArray e ? e.Select(x => x!.GetValue<string>()).ToList() : null,
            c["error"]?.GetValue<string>())).ToList()).ToList();
    }
}

/// <summary>The same graph as PSMigrate revisions, and the same operations through the engine on SQLite.</summary>
internal static class PsMigrateSide
{
    public static string Write(string folder, DifferentialGraph graph)
    {
        var project = MigrationProject.At(folder);
        project.Initialise(ProviderKind.Sqlite, "Data Source=case.db", force: false);
        foreach (var r in graph.Revisions)
        {
            File.WriteAllText(Path.Combine(project.VersionsDirectory, r.Id + ".sql"),
                $"-- Revision ID: {r.Id}\n-- Revises: {string.Join(", ", r.Down)}\n-- Message: {r.Id}\n" +
                (r.Labels.Length > 0 ? $"-- Branch Labels: {string.Join(", ", r.Labels)}\n" : string.Empty) +
                (r.Depends.Length > 0 ? $"-- Depends On: {string.Join(", ", r.Depends)}\n" : string.Empty) +
                $"\n-- migrate:upgrade\nINSERT INTO log (step) VALUES ('up {r.Id}');\n\n-- migrate:downgrade\nINSERT INTO log (step) VALUES ('down {r.Id}');\n");
        }

        return folder;
    }

    public static Outcome Run(string folder, IReadOnlyList<string> startRows, DifferentialCase @case)
    {
        var project = MigrationProject.At(folder);
        var file = Path.Combine(folder, "case.db");
        File.Delete(file);
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE log (id INTEGER PRIMARY KEY, step TEXT);" +
                                  "CREATE TABLE psmigrate_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY) WITHOUT ROWID;" +
                                  "CREATE TABLE psmigrate_history (id INTEGER PRIMARY KEY, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, message TEXT, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, duration_ms INTEGER, applied_by TEXT, host TEXT);" +
                                  string.Concat(startRows.Select(r => $"INSERT INTO psmigrate_version VALUES ('{r}');"));
            command.ExecuteNonQuery();
        }

        var database = DatabaseTargetResolver.Resolve(new MigrationSettings(), folder, folder, $"Data Source={file};Pooling=False", null, ProviderKind.Sqlite);
        var migrator = new Migrator(project.LoadRevisions(), database);
        string? error = null;
        try
        {
            switch (@case.Kind)
            {
                case "upgrade":
                    migrator.Run(MigrationDirection.Upgrade, @case.Target);
                    break;
                case "downgrade":
                    migrator.Run(MigrationDirection.Downgrade, @case.Target);
                    break;
                default:
                    migrator.Stamp(@case.Target, @case.Purge);
                    break;
            }
        }
        catch (MigrationException failure)
        {
            error = $"{failure.ErrorId}: {failure.Message}";
        }

        using var read = new SqliteConnection($"Data Source={file};Pooling=False");
        read.Open();
        return new Outcome(startRows, Column(read, "SELECT step FROM log ORDER BY id"), Column(read, "SELECT version_num FROM psmigrate_version ORDER BY version_num"), error);
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }
}

/// <summary>Runs where Alembic 1.8.1 (Debian's python3-alembic) is installed; required, not skipped, when PSMIGRATE_REQUIRE_ALEMBIC is set (.ci/run).</summary>
public sealed class AlembicFactAttribute : FactAttribute
{
    public AlembicFactAttribute()
    {
        if (!Installed() && Environment.GetEnvironmentVariable("PSMIGRATE_REQUIRE_ALEMBIC") is not ("1" or "true"))
        {
            Skip = "Alembic differential test skipped: Debian's python3-alembic is not installed (apt-get install python3-alembic; .ci/run does).";
        }
    }

    private static bool Installed()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(AlembicOracle.Python, ["-c", "import alembic"]) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
