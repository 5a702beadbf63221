import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Table } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listTools } from "~/data/tools.server";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit tools") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "qa"]);
  const tools = await listTools(getDb());
  return {
    tools: tools.map((tool) => ({
      id: tool.id,
      code: tool.code,
      version: tool.version,
      title: tool.title,
      standards: tool.definition.standards.length,
      items: Object.keys(tool.definition.items).length,
      importedAt: tool.importedAt,
    })),
  };
}

export default function Tools() {
  const { tools } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Audit tools</h1>
      <p className="govuk-body">
        Each tool is a versioned questionnaire mapped to standards, with its scoring rules. A version never changes once imported:
        a revised tool is imported as a new version (with <code>npm run cli -- tools:import &lt;file&gt;</code>).
      </p>
      <div className="app-table-wrapper" role="region" aria-label="Audit tools" tabIndex={0}>
        <Table
          firstCellIsHeader
          head={[{ text: "Tool" }, { text: "Code" }, { text: "Version" }, { text: "Standards", format: "numeric" }, { text: "Scored questions", format: "numeric" }, { text: "Imported" }]}
          rows={tools.map((tool) => [
            { text: tool.title },
            { text: tool.code },
            { text: tool.version },
            { text: String(tool.standards), format: "numeric" },
            { text: String(tool.items), format: "numeric" },
            { text: formatDate(tool.importedAt) },
          ])}
        />
      </div>
    </>
  );
}
