using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

namespace ReviewConsole.Migrations;

/// <summary>
/// Items wait for the profile builder in a narrow queue instead of behind a flag on items: flipping the flag
/// rewrote every item row and its index entries a second time, and cost ingest about 15% under load.
/// </summary>
[DbContext(typeof(ReviewDbContext))]
[Migration("20261122090000_ProfileQueue")]
public sealed class ProfileQueue : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE profile_queue (
            item_id bigint NOT NULL,
            CONSTRAINT pk_profile_queue PRIMARY KEY (item_id)
        );
        INSERT INTO profile_queue (item_id) SELECT id FROM items WHERE NOT profiled;
        DROP INDEX ix_items_unprofiled;
        ALTER TABLE items DROP COLUMN profiled;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE items ADD profiled boolean NOT NULL DEFAULT TRUE;
        UPDATE items SET profiled = false WHERE id IN (SELECT item_id FROM profile_queue);
        CREATE INDEX ix_items_unprofiled ON items (id) WHERE NOT profiled;
        DROP TABLE profile_queue;
        """);
}
