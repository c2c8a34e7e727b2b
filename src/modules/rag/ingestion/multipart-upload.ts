import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { globalValidationPipe } from 'src/core/validation';
import { tooLarge } from 'src/modules/rag/adapters/url-fetcher';
import type { NewDocument } from 'src/modules/rag/documents.service';
import { UploadFieldsDto } from 'src/modules/rag/dto/document.dto';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';

interface UploadedFile {
  bytes: Buffer;
  filename: string;
  mimetype: string;
}

/** The fields and the one file of a multipart upload as a new document; the size limit is enforced while streaming. */
export async function readMultipartUpload(request: FastifyRequest): Promise<NewDocument> {
  const { fields, file } = await readParts(request);
  const dto = (await globalValidationPipe().transform(fields, { type: 'body', metatype: UploadFieldsDto })) as UploadFieldsDto;
  if (!file) throw new BadRequestException('A multipart upload needs a file part');
  return {
    collection: dto.collection,
    bytes: file.bytes,
    filename: dto.filename ?? file.filename,
    declaredType: file.mimetype,
    metadata: dto.metadata,
  };
}

async function readParts(request: FastifyRequest): Promise<{ fields: Record<string, unknown>; file?: UploadedFile }> {
  const fields: Record<string, unknown> = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (file) throw new BadRequestException('Upload one file per request');
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw tooLarge(part.file.bytesRead);
        file = { bytes, filename: part.filename, mimetype: part.mimetype };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.fieldname === 'metadata' ? parseMetadata(part.value) : part.value;
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (error as { statusCode?: number }).statusCode === 413)
      throw new RagError(RagErrorCode.FILE_TOO_LARGE, 'The upload is larger than RAG_MAX_UPLOAD_BYTES');
    throw error;
  }
  return { fields, file };
}

function parseMetadata(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new BadRequestException('metadata must be a JSON object');
  }
}
