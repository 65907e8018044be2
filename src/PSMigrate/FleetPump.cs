using System.Collections.Concurrent;

namespace PSMigrate.Commands;

/// <summary>
/// A cmdlet may write only from its pipeline thread, so databases running on other threads post
/// their writes here and the pipeline thread runs them in order while it waits for the run.
/// </summary>
internal sealed class FleetPump : IDisposable
{
    private readonly BlockingCollection<Action> writes = new();
    private volatile bool closed;

    public void Post(Action write)
    {
        try
        {
            if (!closed)
            {
                writes.Add(write);
            }
        }
        catch (ObjectDisposedException)
        {
            // The run is over (stopped or failed); a database still finishing has nobody to tell.
        }
    }

    /// <summary>Asks on the pipeline thread (ShouldProcess) and waits for the answer; once the pump is closed, the answer is <paramref name="whenClosed"/>.</summary>
    public T Ask<T>(Func<T> question, T whenClosed)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                answer.TrySetResult(question());
            }
            catch (Exception error)
            {
                answer.TrySetException(error);
                throw;
            }
        });
        while (!answer.Task.Wait(TimeSpan.FromMilliseconds(100)))
        {
            if (closed)
            {
                return whenClosed;
            }
        }

        return answer.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs the posted writes on this (the pipeline) thread until <paramref name="done"/> ends. A
    /// write that throws (an error under -ErrorAction Stop, the pipeline stopping) closes the
    /// pump, so questions get no for an answer, and is thrown on.
    /// </summary>
    public void RunUntil(Task done)
    {
        try
        {
            while (!done.IsCompleted || writes.Count > 0)
            {
                if (writes.TryTake(out var write, TimeSpan.FromMilliseconds(20)))
                {
                    write();
                }
            }
        }
        catch
        {
            closed = true;
            throw;
        }
    }

    public void Dispose()
    {
        closed = true;
        writes.Dispose();
    }
}
