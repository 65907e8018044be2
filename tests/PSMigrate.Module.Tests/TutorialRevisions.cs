namespace PSMigrate.Module.Tests;

/// <summary>
/// The seeds' tutorial as five revisions: employees, rows, a department table, renamed to
/// departments, a column renamed. Portable SQL, so it runs on every provider.
/// </summary>
public static class TutorialRevisions
{
    public static string[] Create(PowerShellSession session)
    {
        session.Initialise();
        var steps = new (string Message, string Up, string Down)[]
        {
            ("create employees",
                "CREATE TABLE employees (\n    id INTEGER PRIMARY KEY,\n    name TEXT NOT NULL,\n    email TEXT\n);",
                "DROP TABLE employees;"),
            ("add employee rows",
                "INSERT INTO employees (id, name, email) VALUES (1, 'Ada Lovelace', 'ada@example.com');\nINSERT INTO employees (id, name, email) VALUES (2, 'Grace Hopper', 'grace@example.com');",
                "DELETE FROM employees WHERE email IN ('ada@example.com', 'grace@example.com');"),
            ("add department",
                "CREATE TABLE department (id INTEGER PRIMARY KEY, name TEXT NOT NULL, address TEXT);\nINSERT INTO department (id, name, address) VALUES (1, 'Research', 'Building 1');",
                "DROP TABLE department;"),
            ("rename department to departments",
                "ALTER TABLE department RENAME TO departments;",
                "ALTER TABLE departments RENAME TO department;"),
            ("rename address to location",
                "ALTER TABLE departments RENAME COLUMN address TO location;",
                "ALTER TABLE departments RENAME COLUMN location TO address;"),
        };

        var ids = new List<string>();
        foreach (var (message, up, down) in steps)
        {
            var result = session.Run("New-MigrationRevision -Message $m -UpgradeSql $u -DowngradeSql $d",
                new Dictionary<string, object?> { ["m"] = message, ["u"] = up, ["d"] = down });
            result.ShouldSucceed();
            ids.Add((string)Assert.Single(result.Output).Properties["Revision"].Value);
        }

        return ids.ToArray();
    }
}
