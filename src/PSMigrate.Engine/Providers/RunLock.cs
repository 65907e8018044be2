using System.Diagnostics;

namespace PSMigrate.Engine.Providers;

/// <summary>
/// The deployment lock every provider takes for a whole run, polled until it is free or the
/// timeout passes, saying once that it is waiting.
/// </summary>
public static class RunLock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static IDisposable Acquire(Func<bool> tryAcquire, Action release, TimeSpan timeout, Action<string> waiting, string what)
    {
        var clock = Stopwatch.StartNew();
        var announced = false;
        while (!tryAcquire())
        {
            if (clock.Elapsed >= timeout)
            {
                throw new MigrationException("PSMigrate.LockTimeout", MigrationErrorKind.ConcurrentChange,
                    $"Another run held the deployment lock on {what} for longer than {timeout.TotalSeconds:0} s. Wait for it to finish, or raise -LockTimeout.",
                    what);
            }

            if (!announced)
            {
                waiting($"Waiting for the deployment lock on {what}: another run is migrating this database (up to {timeout.TotalSeconds:0} s).");
                announced = true;
            }

            Thread.Sleep(PollInterval);
        }

        return new Release(release);
    }

    private sealed class Release(Action release) : IDisposable
    {
        private Action? pending = release;

        public void Dispose() => Interlocked.Exchange(ref pending, null)?.Invoke();
    }
}
