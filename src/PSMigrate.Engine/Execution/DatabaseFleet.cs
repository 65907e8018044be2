using System.Collections.Concurrent;
using System.Diagnostics;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Runs one piece of work per database, at most <see cref="ThrottleLimit"/> at a time, each on
/// its own thread (the work blocks on the database), and records how each ended. A failure is
/// that database's alone; with <see cref="FailFast"/> no new database starts after one.
/// </summary>
public sealed class DatabaseFleet(IReadOnlyList<DatabaseTarget> databases)
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Skipped = "Skipped";

    public int ThrottleLimit { get; init; } = 1;

    public bool FailFast { get; init; }

    /// <summary>
    /// Starts the work and returns at once; the task ends with the summary when every database
    /// has finished or was skipped. <paramref name="work"/> gets the database, the slot it runs in
    /// (0 to ThrottleLimit - 1, for a host's progress bars) and the token to stop on.
    /// <paramref name="finished"/> is called on the worker's thread as each database ends.
    /// </summary>
    public Task<MigrationFleetSummary> Start(
        Action<DatabaseTarget, int, CancellationToken> work,
        Action<MigrationDatabaseOutcome, Exception?> finished,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var pending = new ConcurrentQueue<(int Index, DatabaseTarget Database)>(databases.Select((database, index) => (index, database)));
        var outcomes = new MigrationDatabaseOutcome?[databases.Count];
        var stop = 0;

        void Slot(int slot)
        {
            while (Volatile.Read(ref stop) == 0 && !cancellation.IsCancellationRequested && pending.TryDequeue(out var next))
            {
                var started = Stopwatch.StartNew();
                Exception? error = null;
                try
                {
                    work(next.Database, slot, cancellation);
                }
                catch (Exception failure)
                {
                    error = failure;
                    if (FailFast)
                    {
                        Volatile.Write(ref stop, 1);
                    }
                }

                var outcome = new MigrationDatabaseOutcome(next.Database.Name, error is null ? Succeeded : Failed, started.Elapsed, error?.Message);
                outcomes[next.Index] = outcome;
                finished(outcome, error);
            }
        }

        var slots = Enumerable.Range(0, Math.Clamp(ThrottleLimit, 1, Math.Max(1, databases.Count)))
            .Select(slot => Task.Factory.StartNew(() => Slot(slot), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        return Task.WhenAll(slots).ContinueWith(_ =>
        {
            var results = outcomes.Select((outcome, index) => outcome ?? new MigrationDatabaseOutcome(databases[index].Name, Skipped, TimeSpan.Zero, null)).ToList();
            return new MigrationFleetSummary(
                results.Count,
                results.Count(r => r.Outcome == Succeeded),
                results.Count(r => r.Outcome == Failed),
                results.Count(r => r.Outcome == Skipped),
                clock.Elapsed,
                results);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
