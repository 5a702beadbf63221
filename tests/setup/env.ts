// Unit and data tests never touch the developer's data/app.db.
process.env.DATABASE_URL ??= "file::memory:";
process.env.SEED_DEMO = "false";
