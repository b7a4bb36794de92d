package dev.cairn.cli;

import dev.cairn.data.SetupSql;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "snowflake", mixinStandardHelpOptions = true, description = "The Snowflake side of the warehouse link.",
        subcommands = SnowflakeCommand.SetupSqlCommand.class)
final class SnowflakeCommand {

    @Command(name = "setup-sql", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print the SQL a Snowflake admin runs once: the storage integration for the platform stack's role,",
                    "its stage, and the grants. Take the role ARN and external id from the platform stack's outputs."})
    static final class SetupSqlCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--role-arn", required = true, paramLabel = "ARN", description = "IAM role Snowflake assumes (platform stack output).")
        String roleArn;

        @Option(names = "--external-id", required = true, paramLabel = "ID", description = "External id the role's trust policy requires.")
        String externalId;

        @Option(names = "--bucket", required = true, paramLabel = "NAME", description = "Datastore bucket.")
        String bucket;

        @Option(names = "--prefix", defaultValue = "", paramLabel = "PREFIX", description = "Prefix inside the bucket the integration may use.")
        String prefix;

        @Option(names = "--integration", defaultValue = "CAIRN_DATASTORE", paramLabel = "NAME",
                description = "Storage integration name (default: ${DEFAULT-VALUE}).")
        String integration;

        @Option(names = "--grant-role", defaultValue = "SYSADMIN", paramLabel = "ROLE", description = "Role granted usage (default: ${DEFAULT-VALUE}).")
        String grantRole;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(SetupSql.snowflake(roleArn, externalId, bucket, prefix, integration, grantRole));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
