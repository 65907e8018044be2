using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// A desired schema kept as DDL files (one .sql file, or a folder of them run in name order),
/// loaded statement by statement into a scratch database with the dialect's own splitter, so
/// pg_dump output (COPY data included) loads as psql would load it.
/// </summary>
internal static class DesiredSchemaFiles
{
    public static IReadOnlyList<string> Find(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return [full];
        }

        var files = Directory.Exists(full)
            ? Directory.GetFiles(full, "*.sql").Order(StringComparer.Ordinal).ToList()
            : [];
        return files.Count > 0
            ? files
            : throw new MigrationException(MigrationErrors.DesiredSchemaNotFound,
                Directory.Exists(full) ? $"-DesiredSchema: the folder {full} holds no .sql file." : $"-DesiredSchema: there is no file or folder {full}.", full) { FilePath = full };
    }

    public static void Load(DatabaseSession session, string file)
    {
        var text = RevisionText.Read(file);
        RevisionText.CheckCharacters(file, text);
        foreach (var statement in session.Provider.Dialect.Split(new SqlSection(text, 1), file))
        {
            if (statement.IsClientCommand)
            {
                continue;
            }

            try
            {
                if (statement.CopyData is { } data)
                {
                    session.Copy(statement.Text, data);
                }
                else
                {
                    for (var run = 0; run < statement.Repeat; run++)
                    {
                        session.Execute(statement.Text);
                    }
                }
            }
            catch (Exception error) when (DatabaseSession.IsDriverError(error))
            {
                var failure = session.Translate(error, $"{file}:{statement.Line}: the desired schema does not load", MigrationErrors.DesiredSchemaInvalid, namesDatabase: false);
                throw failure.Error == MigrationErrors.DesiredSchemaInvalid
                    ? new MigrationException(failure.Error, failure.Message + " Nothing in the database changed: desired schemas load into a scratch database.", file, error) { FilePath = file, Line = statement.Line }
                    : failure.WithContext(filePath: file, line: statement.Line);
            }
        }
    }
}
