import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { toBool } from './document.dto';

export class BuildGraphQueryDto {
  /** Answer once the graph is built (or failed) instead of right after the build starts. */
  @ApiPropertyOptional({ default: false }) @IsOptional() @Transform(toBool) @IsBoolean() wait?: boolean;
}

export class GraphQueryDto {
  /** Only entities whose name contains this. */
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) q?: string;
  /** Entities returned, most frequent first, with the relations among them. */
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class NeighboursQueryDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) entity: string;
  @ApiPropertyOptional({ default: 20, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class GraphSummaryDto {
  @ApiProperty() collectionId: string;
  @ApiProperty({ enum: ['none', 'building', 'ready', 'failed'] }) status: string;
  /** Chunks read for the last build. */
  @ApiProperty() passageCount: number;
  @ApiProperty() entityCount: number;
  @ApiProperty() relationCount: number;
  @ApiProperty() durationMs: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: string | null;
}

export class GraphEntityDto {
  /** A key term: a word or two-word phrase, lower case. */
  @ApiProperty() name: string;
  /** Chunks it is a key term of. */
  @ApiProperty() passages: number;
}

export class GraphRelationDto {
  @ApiProperty() source: string;
  @ApiProperty() target: string;
  /** Chunks where both are key terms. */
  @ApiProperty() weight: number;
}

export class GraphDto extends GraphSummaryDto {
  @ApiProperty({ type: [GraphEntityDto] }) entities: GraphEntityDto[];
  @ApiProperty({ type: [GraphRelationDto] }) relations: GraphRelationDto[];
}

export class GraphNeighbourDto extends GraphEntityDto {
  @ApiProperty() weight: number;
}

export class NeighboursDto {
  @ApiProperty({ type: GraphEntityDto }) entity: GraphEntityDto;
  @ApiProperty({ type: [GraphNeighbourDto] }) neighbours: GraphNeighbourDto[];
}
