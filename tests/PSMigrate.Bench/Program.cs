using System.Diagnostics;
using System.Globalization;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

// Graph benchmark: load a versions folder of N revision files and plan base -> head and back,
// next to the I/O floor (reading the same files and nothing else) and Alembic on the same shape.
// Usage: dotnet run -c Release --project tests/PSMigrate.Bench -- [revisions=10000] [rounds=7]
//        dotnet run -c Release --project tests/PSMigrate.Bench -- peers [sizes=10,100,1000] [rounds=3] [providers=sqlite,postgresql]
//        dotnet run -c Release --project tests/PSMigrate.Bench -- rows [rows=1000000] [rounds=3]
//        dotnet run -c Release --project tests/PSMigrate.Bench -- assess [revisions=1000] [rounds=5] [providers=sqlite,postgresql]
//        dotnet run -c Release --project tests/PSMigrate.Bench -- allocations <migrations folder> <connection string>
//        dotnet run -c Release --project tests/PSMigrate.Bench -- fleet [sqlite=200] [postgresql=20] [revisions=20] [rounds=2]
if (args.Length > 0 && args[0] == "peers")
{
    PeersBenchmark.Run(
        (args.Length > 1 ? args[1] : "10,100,1000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray(),
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3,
        (args.Length > 3 ? args[3] : "sqlite,postgresql").Split(','));
    return;
}

if (args.Length > 0 && args[0] == "fleet")
{
    int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    FleetBenchmark.Run(Arg(1, 200), Arg(2, 20), Arg(3, 20), [1, 2, 4, 8], Arg(4, 2));
    return;
}

if (args.Length > 0 && args[0] == "updown")
{
    UpDown.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
    return;
}

if (args.Length > 0 && args[0] == "allocations")
{
    Allocations.Run(args[1], args[2]);
    return;
}

if (args.Length > 0 && args[0] == "phases")
{
    Phases.Run(args[1], args[2]);
    return;
}

if (args.Length > 0 && args[0] == "assess")
{
    AssessmentBenchmark.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5,
        (args.Length > 3 ? args[3] : "sqlite,postgresql").Split(','));
    return;
}

if (args.Length > 0 && args[0] == "rows")
{
    RowsBenchmark.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var root = Path.Combine(Path.GetTempPath(), "psmigrate-bench-" + Guid.NewGuid().ToString("N")[..8]);

try
{
    foreach (var shape in new[] { "linear", "branchy" })
    {
        var folder = Path.Combine(root, shape, "versions");
        var ids = GraphFiles.Write(folder, count, branchy: shape == "branchy");
        Console.WriteLine($"## {count:N0} revisions, {shape} ({rounds} rounds, median / best, ms)");
        Console.WriteLine();
        Console.WriteLine("| step | median | best |");
        Console.WriteLine("| --- | ---: | ---: |");

        Report("read the files only (I/O floor)", rounds, () => Directory.EnumerateFiles(folder, "*.sql").Sum(f => File.ReadAllText(f).Length));
        RevisionGraph? graph = null;
        Report("load: parse + build + validate graph", rounds, () => graph = RevisionDirectory.Load(folder));
        var planner = new MigrationPlanner(graph!);
        Report("plan base -> heads", rounds, () => planner.PlanUpgrade("heads", []).Steps.Count);
        var heads = graph!.Heads.Select(h => h.Revision).ToArray();
        Report("plan heads -> base", rounds, () => planner.PlanDowngrade("base", heads).Steps.Count);
        Report("load + plan base -> heads (a cold Invoke-MigrationUpgrade)", rounds,
            () => new MigrationPlanner(RevisionDirectory.Load(folder)).PlanUpgrade("heads", []).Steps.Count);
        Report("read headers only (what tab completion does)", rounds, () => RevisionHeaderReader.Read(folder).Count);
        Report("resolve a 6-character prefix", rounds, () => new RevisionTargetResolver(graph).ResolveRevisions(ids[count / 2][..6], []).Count);

        var alembic = Alembic.Measure(count, rounds, shape == "branchy");
        Console.WriteLine(alembic is null
            ? "| Alembic (python3-alembic not installed; skipped) | | |"
            : $"| Alembic {alembic.Value.Version}: load ScriptDirectory + walk base -> heads | {alembic.Value.Median:F1} | {alembic.Value.Best:F1} |");
        Console.WriteLine();
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void Report(string name, int rounds, Func<object?> action)
{
    action();
    var times = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"| {name} | {times[times.Count / 2]:F1} | {times[0]:F1} |");
}

internal static class GraphFiles
{
    /// <summary>
    /// Linear: a chain. Branchy: the same chain where every 50th revision opens a labelled side
    /// branch of three revisions that a merge revision joins back ten revisions later.
    /// </summary>
    public static string[] Write(string folder, int count, bool branchy)
    {
        Directory.CreateDirectory(folder);
        var ids = Enumerable.Range(0, count).Select(i => $"{i:x6}{Hash(i):x6}").ToArray();
        var parents = new string[count][];
        var labels = new string?[count];
        for (var i = 0; i < count; i++)
        {
            parents[i] = i == 0 ? [] : [ids[i - 1]];
        }

        if (branchy)
        {
            for (var start = 50; start + 14 < count; start += 50)
            {
                // i+1..i+3 branch off i; i+13 merges i+12 and i+3.
                parents[start + 1] = [ids[start]];
                labels[start + 1] = $"side{start}";
                parents[start + 2] = [ids[start + 1]];
                parents[start + 3] = [ids[start + 2]];
                parents[start + 4] = [ids[start]];
                parents[start + 13] = [ids[start + 12], ids[start + 3]];
            }
        }

        for (var i = 0; i < count; i++)
        {
            var request = new NewRevisionRequest(ids[i], $"revision {i}", parents[i], labels[i] is null ? [] : [labels[i]!], [],
                $"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT);", $"DROP TABLE t{i};", DateTimeOffset.UnixEpoch.AddMinutes(i));
            RevisionFileWriter.Write(folder, request);
        }

        File.WriteAllLines(Path.Combine(folder, "..", "graph.txt"), Enumerable.Range(0, count).Select(i => $"{ids[i]} {string.Join(",", parents[i])} {labels[i]}"));
        return ids;
    }

    private static int Hash(int i) => (int)((uint)(i * 2654435761) % 0xFFFFFF);
}

internal static class Alembic
{
    public static (string Version, double Median, double Best)? Measure(int count, int rounds, bool branchy)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "alembic_graph.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, count.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture), branchy ? "branchy" : "linear"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return null;
            }

            var parts = output.Trim().Split(' ');
            return (parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
