using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>A review task keeps the ranked labels it shows (and which version proposed each, never shown).</summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123220054_RankedSuggestions")]
    public sealed class RankedSuggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "suggestions",
                table: "review_tasks",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "suggestions",
                table: "review_tasks");
        }
    }
}
