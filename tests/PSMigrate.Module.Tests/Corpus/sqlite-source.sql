-- A small SQLite database for sqlite3's .dump: foreign keys, a view, a trigger, awkward text.
CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE album (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL REFERENCES artist (id), title TEXT);
CREATE TABLE audit (album_id INTEGER, at TEXT);
CREATE TRIGGER album_audit AFTER INSERT ON album BEGIN INSERT INTO audit VALUES (NEW.id, 'inserted; ok'); END;
CREATE VIEW titles AS SELECT title FROM album ORDER BY title;
INSERT INTO artist VALUES (1, 'Tab' || char(9) || 'bed'), (2, 'New' || char(10) || 'line'), (3, 'quote '' and ; semi');
INSERT INTO album (artist_id, title) SELECT (value % 3) + 1, 'Album ' || value FROM generate_series(1, 200);
