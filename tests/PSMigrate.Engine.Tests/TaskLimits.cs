namespace PSMigrate.Engine.Tests;

/// <summary>Waits for work that must end in time, so a hang fails the test instead of the whole run.</summary>
internal static class TaskLimits
{
    public static async Task<T> Within<T>(Task<T> work, TimeSpan limit, string what)
    {
        Assert.True(await Task.WhenAny(work, Task.Delay(limit)) == work, what);
        return await work;
    }
}
