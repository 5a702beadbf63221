import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, NotificationBanner, Table, Tag } from "~/components/govuk";
import { getDb } from "~/data/db.server";
import { listToolsForViewer } from "~/data/tools.server";
import { canManagePartnership, AGENCY_RECORD_READERS, isAgencyRole } from "~/domain/permissions";
import { formatDate } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit tools") }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Agencies read the tools of their own cycles (DESIGN §7); the board has no use for tools.
  const viewer = await requireRole(request, AGENCY_RECORD_READERS);
  const tools = await listToolsForViewer(getDb(), viewer);
  return {
    canManage: canManagePartnership(viewer),
    isAgency: isAgencyRole(viewer.role),
    tools: tools.map((tool) => ({
      id: tool.id,
      code: tool.code,
      version: tool.version,
      title: tool.title,
      status: tool.status,
      standards: tool.definition.standards.length,
      items: Object.keys(tool.definition.items).length,
      importedAt: tool.importedAt,
    })),
  };
}

export default function Tools() {
  const { tools, canManage, isAgency } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const deleted = params.get("deleted");
  return (
    <>
      {deleted ? <NotificationBanner type="success" heading={`Draft ${deleted} deleted`} /> : null}
      <h1 className="govuk-heading-l">Audit tools</h1>
      {isAgency ? (
        <p className="govuk-body">
          The questionnaires of the audit cycles your agency takes part in. Open one to see its standards and questions, or to print a blank
          copy.
        </p>
      ) : (
        <p className="govuk-body">
          Each tool is a versioned questionnaire mapped to standards, with its scoring rules. An uploaded tool is a draft until it is
          published; a published version never changes, so a revised tool is uploaded as a new version (or imported with{" "}
          <code>npm run cli -- tools:import &lt;file&gt;</code>).
        </p>
      )}
      {canManage ? <Button href="/tools/new">Upload a tool</Button> : null}
      <div className="app-table-wrapper" role="region" aria-label="Audit tools" tabIndex={0}>
        <Table
          firstCellIsHeader
          head={[
            { text: "Tool" },
            { text: "Code" },
            { text: "Version" },
            { text: "Status" },
            { text: "Standards", format: "numeric" },
            { text: "Scored questions", format: "numeric" },
            { text: "Uploaded" },
          ]}
          rows={tools.map((tool) => [
            {
              text: (
                <a className="govuk-link" href={`/tools/${tool.id}`}>
                  {tool.title}
                </a>
              ),
            },
            { text: tool.code },
            { text: tool.version },
            { text: tool.status === "draft" ? <Tag colour="grey">Draft</Tag> : <Tag colour="green">Published</Tag> },
            { text: String(tool.standards), format: "numeric" },
            { text: String(tool.items), format: "numeric" },
            { text: formatDate(tool.importedAt) },
          ])}
        />
      </div>
    </>
  );
}
