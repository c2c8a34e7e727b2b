export { ToolsModule } from './tools.module';
export { TOOLS_MODULE } from './tools.descriptor';
