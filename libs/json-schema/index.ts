export { SchemaChecker, type SchemaCheck, type SchemaFinding } from './schema-checker';
