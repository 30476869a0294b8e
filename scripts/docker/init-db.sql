-- Run once by the postgres:15 image when docker-compose creates the volume
-- (/docker-entrypoint-initdb.d): the same roles as `scripts/pg.sh start`.
-- The image's POSTGRES_USER is a superuser, which row-level security does not
-- bind, so the SDK connects as `vividshift`: the database owner, neither
-- superuser nor BYPASSRLS (FORCEd RLS binds the owner). Development passwords.
CREATE ROLE vividshift LOGIN PASSWORD 'vividshift' CREATEROLE CREATEDB NOSUPERUSER NOBYPASSRLS;
CREATE ROLE vividshift_backup LOGIN PASSWORD 'vividshift_backup' BYPASSRLS NOSUPERUSER;
GRANT pg_read_all_data TO vividshift_backup;
CREATE DATABASE vividshift OWNER vividshift;
