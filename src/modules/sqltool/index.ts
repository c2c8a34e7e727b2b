export { SqlToolModule } from './sqltool.module';
export { SQLTOOL_MODULE } from './sqltool.descriptor';
