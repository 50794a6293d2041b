using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

namespace ReviewConsole.Migrations;

/// <summary>Drift profiles per feature and 5-minute bucket, built off the request path from unprofiled items.</summary>
[DbContext(typeof(ReviewDbContext))]
[Migration("20261122063000_FeatureProfiles")]
public sealed class FeatureProfiles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE items ADD profiled boolean NOT NULL DEFAULT FALSE;
        CREATE INDEX ix_items_unprofiled ON items (id) WHERE NOT profiled;
        CREATE TABLE feature_profiles (
            workflow_id integer NOT NULL,
            bucket timestamp with time zone NOT NULL,
            feature character varying(100) NOT NULL,
            counts jsonb NOT NULL,
            items bigint NOT NULL,
            CONSTRAINT pk_feature_profiles PRIMARY KEY (workflow_id, bucket, feature)
        );
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP TABLE feature_profiles;
        ALTER TABLE items DROP COLUMN profiled;
        """);
}
