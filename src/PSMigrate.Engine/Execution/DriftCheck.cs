using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Execution;

/// <summary>Compares what the database recorded (heads, history, checksums) with the files on disk.</summary>
internal static class DriftCheck
{
    public static IReadOnlyList<MigrationDrift> Find(RevisionGraph graph, IReadOnlyCollection<string> currentHeads, IReadOnlyList<HistoryRecord> history, string? database = null)
    {
        var drifts = new List<MigrationDrift>();
        var last = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
        foreach (var record in history)
        {
            last[record.Revision] = record;
        }

        foreach (var head in currentHeads.Where(h => !graph.Contains(h)))
        {
            drifts.Add(new MigrationDrift(head, nameof(DriftKind.UnknownRevision),
                $"The database is at revision {head}, which has no file in {graph.Source}.",
                null, last.GetValueOrDefault(head)?.Checksum, null, last.GetValueOrDefault(head)?.AppliedAt) { Database = database });
        }

        foreach (var (revision, record) in last)
        {
            // Stamps record no checksum, and a head is reported above.
            if (record.Way == MigrationDirection.Upgrade && record.Checksum is not null &&
                !graph.Contains(revision) && !currentHeads.Contains(revision))
            {
                drifts.Add(new MigrationDrift(revision, nameof(DriftKind.Missing),
                    $"Revision {revision} ('{record.Message}') was applied on {record.AppliedAt:u} but its file is gone from {graph.Source}.",
                    null, record.Checksum, null, record.AppliedAt) { Database = database });
            }
        }

        var applied = new MigrationPlanner(graph).Applied(currentHeads);
        foreach (var revision in graph.Revisions.Where(r => applied.Contains(r.Revision)))
        {
            if (last.GetValueOrDefault(revision.Revision) is { Way: MigrationDirection.Upgrade, Checksum: { } recorded } record &&
                recorded != revision.Checksum)
            {
                drifts.Add(new MigrationDrift(revision.Revision, nameof(DriftKind.Modified),
                    $"{revision.Path} changed after revision {revision.Revision} was applied on {record.AppliedAt:u}; the database does not have the change.",
                    revision.Path, recorded, revision.Checksum, record.AppliedAt) { Database = database });
            }
        }

        return drifts;
    }
}
