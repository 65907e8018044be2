-- Hand-written SQLite, as a dump writes it: tables in alphabetical order, so child rows come
-- before the parent rows they reference; triggers with BEGIN ... END and CASE; every quoting form.
CREATE TABLE [album] ([id] INTEGER PRIMARY KEY, `artist_id` INTEGER NOT NULL REFERENCES "artist" (id), title TEXT);
CREATE TABLE "artist" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE track (id INTEGER PRIMARY KEY, album_id INTEGER REFERENCES album (id) ON DELETE CASCADE, name TEXT, ms INTEGER);
INSERT INTO album VALUES (1, 1, 'First; album'), (2, 2, 'It''s (second)');
INSERT INTO artist VALUES (1, 'Semi;colon'), (2, '[bracket]');
INSERT INTO track VALUES (1, 1, 'a', 1000), (2, 1, 'b', 2000), (3, 2, 'c', 3000);
CREATE TABLE track_log (track_id INTEGER, kind TEXT);
CREATE TRIGGER track_logged AFTER INSERT ON track
BEGIN
    INSERT INTO track_log VALUES (NEW.id, CASE WHEN NEW.ms > 2500 THEN 'long;' ELSE 'short;' END);
END;
INSERT INTO track VALUES (4, 2, 'd', 4000);
CREATE VIEW album_length AS SELECT a.title, sum(t.ms) AS ms FROM album a JOIN track t ON t.album_id = a.id GROUP BY a.title;
