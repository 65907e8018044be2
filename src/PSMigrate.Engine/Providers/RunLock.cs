using System.Diagnostics;

namespace PSMigrate.Engine.Providers;

/// <summary>
/// The deployment lock every provider takes for a whole run, polled until it is free or the
/// timeout passes, saying once that it is waiting.
/// </summary>
internal static class RunLock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static IDisposable Acquire(Func<bool> tryAcquire, Action release, TimeSpan timeout, Action<string> waiting, string what, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var announced = false;
        while (!tryAcquire())
        {
            if (clock.Elapsed >= timeout)
            {
                throw new MigrationException(MigrationErrors.LockTimeout,
                    $"Another run held the deployment lock on {what} for longer than {timeout.TotalSeconds:0} s. Wait for it to finish, or raise -LockTimeout.",
                    what);
            }

            if (!announced)
            {
                waiting($"Waiting for the deployment lock on {what}: another run is migrating this database (up to {timeout.TotalSeconds:0} s).");
                announced = true;
            }

            if (cancellation.WaitHandle.WaitOne(PollInterval))
            {
                throw new MigrationException(MigrationErrors.Cancelled, $"Stopped while waiting for the deployment lock on {what}; nothing was changed.", what);
            }
        }

        return new Release(release);
    }

    /// <summary>
    /// Releases once. A release that fails (the connection broke, which is usually why a run is
    /// unwinding) is ignored: the server releases a session's locks when the session ends, and
    /// the error that broke the run is the one to report.
    /// </summary>
    private sealed class Release(Action release) : IDisposable
    {
        private Action? pending = release;

        public void Dispose()
        {
            try
            {
                Interlocked.Exchange(ref pending, null)?.Invoke();
            }
            catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or IOException)
            {
            }
        }
    }
}
