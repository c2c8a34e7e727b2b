import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { RAG_MODULE } from './rag.descriptor';

@Module({
  providers: [provideModuleIdentity(RAG_MODULE)],
})
export class RagModule {}
