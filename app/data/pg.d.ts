// The part of node-postgres (`pg`, which has no bundled types) that db.server.ts uses: its type parsers.
declare module "pg" {
  const pg: {
    types: {
      builtins: { INT8: number; NUMERIC: number };
      setTypeParser(oid: number, parse: (value: string) => unknown): void;
    };
  };
  export default pg;
}
