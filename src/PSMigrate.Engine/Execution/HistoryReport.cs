using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Execution;

/// <summary>Joins the revisions on disk with the database's heads and history, newest first.</summary>
internal static class HistoryReport
{
    public static IReadOnlyList<MigrationHistoryEntry> Build(
        RevisionGraph graph, IReadOnlyCollection<string> currentHeads, IReadOnlyList<HistoryRecord> history, string? database = null)
    {
        var applied = new MigrationPlanner(graph).Applied(currentHeads);
        var current = currentHeads.ToHashSet(StringComparer.Ordinal);
        var lastUpgrade = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
        foreach (var record in history.Where(r => r.Way == MigrationDirection.Upgrade))
        {
            lastUpgrade[record.Revision] = record;
        }

        var failed = history.GroupBy(r => r.Revision, StringComparer.Ordinal).Select(g => g.Last())
            .Where(r => r.Outcome == HistoryRecord.Failed).Select(r => r.Revision).ToHashSet(StringComparer.Ordinal);
        var entries = new List<MigrationHistoryEntry>();
        foreach (var unknown in currentHeads.Where(h => !graph.Contains(h)))
        {
            var record = lastUpgrade.GetValueOrDefault(unknown);
            entries.Add(new MigrationHistoryEntry(unknown, [], record?.Message ?? "(no revision file)", true, false, true,
                record?.AppliedAt, record?.AppliedBy, record?.Host, record?.Duration, [], false, null) { Database = database });
        }

        for (var i = graph.Revisions.Count - 1; i >= 0; i--)
        {
            var revision = graph.Revisions[i];
            var isApplied = applied.Contains(revision.Revision);
            var record = isApplied ? lastUpgrade.GetValueOrDefault(revision.Revision) : null;
            entries.Add(new MigrationHistoryEntry(
                revision.Revision,
                revision.DownRevision,
                revision.Message,
                isApplied,
                revision.IsHead,
                current.Contains(revision.Revision),
                record?.AppliedAt,
                record?.AppliedBy,
                record?.Host,
                record?.Duration,
                revision.BranchLabels,
                record?.Checksum is { } checksum && checksum != revision.Checksum,
                revision.Path,
                failed.Contains(revision.Revision) ? "Failed" : isApplied ? "Applied" : "NotApplied") { Database = database });
        }

        return entries;
    }
}
