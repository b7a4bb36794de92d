package dev.cairn.cli;

import dev.cairn.warehouse.SetupSql;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "snowflake",
        mixinStandardHelpOptions = true,
        description = "The Snowflake side of the warehouse link.",
        subcommands = SnowflakeCommand.SetupSqlCommand.class)
final class SnowflakeCommand {

    @Command(
            name = "setup-sql",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Print the SQL a Snowflake admin runs for the platform stack's Snowflake link: the storage",
                "integration (created once, then altered to these values: safe to run again), DESC of it, its stage",
                "and the grants. Take the role ARN and bucket from the platform stack's outputs; copy",
                "STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID of the DESC into the context of its next deploy",
                "(cdk/DEPLOY.md, \"Snowflake link, in order\")."
            })
    static final class SetupSqlCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--role-arn",
                required = true,
                paramLabel = "ARN",
                description = "IAM role Snowflake assumes: platform stack output SnowflakeIntegrationRoleArn "
                        + "(arn:aws:iam::<account>:role/cairn-snowflake-<region>).")
        String roleArn;

        @Option(
                names = "--bucket",
                required = true,
                paramLabel = "NAME",
                description = "Datastore bucket: platform stack output DatastoreBucket.")
        String bucket;

        @Option(
                names = "--prefix",
                defaultValue = "snowflake",
                paramLabel = "PREFIX",
                description =
                        "Folder of the bucket the integration may use; the link's role may use only its prefixes (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Option(
                names = "--external-id",
                paramLabel = "ID",
                description =
                        "External id to set on the integration; default: the one Snowflake generates (DESC shows it).")
        String externalId;

        @Option(
                names = "--integration",
                defaultValue = "CAIRN_DATASTORE",
                paramLabel = "NAME",
                description = "Storage integration name (default: ${DEFAULT-VALUE}).")
        String integration;

        @Option(
                names = "--grant-role",
                defaultValue = "SYSADMIN",
                paramLabel = "ROLE",
                description = "Role granted usage (default: ${DEFAULT-VALUE}).")
        String grantRole;

        @Option(
                names = "--database",
                paramLabel = "NAME",
                description = "Database of the stage (with --schema); default: the session's.")
        String database;

        @Option(
                names = "--schema",
                paramLabel = "NAME",
                description = "Schema of the stage (with --database); default: the session's.")
        String schema;

        @Override
        public Integer call() {
            // an invalid value is an IllegalArgumentException naming it: a usage error (exit 2)
            SetupSql.Settings settings = SetupSql.Settings.builder(roleArn, bucket)
                    .prefix(prefix)
                    .externalId(externalId)
                    .integration(integration)
                    .grantRole(grantRole)
                    .stageSchema(database, schema)
                    .build();
            spec.commandLine().getOut().println(SetupSql.snowflake(settings));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
